using System.Text;

namespace CredentialHub.WebAssembly;

/// <summary>
/// A bounds-checked cursor over part of a module file. Integers follow WebAssembly 1.0 §5.2.2: unsigned and signed
/// LEB128 of at most ceil(N/7) bytes, where the unused bits of the last byte must be zero (unsigned) or copies of the
/// sign bit (signed); padded encodings within that length are allowed. Names are UTF-8 (§5.2.4).
/// Every failure throws <see cref="WasmFormatException"/> naming <see cref="Section"/> and the file offset.
/// </summary>
internal ref struct WasmReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _fileOffset;
    private int _position;

    /// <param name="bytes">The bytes to read.</param>
    /// <param name="fileOffset">The offset of <paramref name="bytes"/>[0] in the module file.</param>
    /// <param name="module">The module file name, for messages.</param>
    /// <param name="section">What is being read, for messages (e.g. "code section").</param>
    public WasmReader(ReadOnlySpan<byte> bytes, int fileOffset, string module, string section)
    {
        _bytes = bytes;
        _fileOffset = fileOffset;
        Module = module;
        Section = section;
    }

    public string Module { get; }

    public string Section { get; set; }

    /// <summary>The file offset of the next byte.</summary>
    public readonly int Offset => _fileOffset + _position;

    public readonly int Remaining => _bytes.Length - _position;

    public readonly bool AtEnd => _position == _bytes.Length;

    public readonly WasmFormatException Error(string problem) => new(Module, Section, problem);

    public byte ReadByte()
    {
        if (_position >= _bytes.Length)
        {
            throw Error($"unexpected end at byte 0x{Offset:x}");
        }
        return _bytes[_position++];
    }

    public ReadOnlySpan<byte> ReadBytes(uint count, string what)
    {
        if (count > (uint)Remaining)
        {
            throw Error($"{what} at byte 0x{Offset:x} declares {count} bytes but only {Remaining} remain");
        }
        var bytes = _bytes.Slice(_position, (int)count);
        _position += (int)count;
        return bytes;
    }

    /// <summary>A reader over the next <paramref name="count"/> bytes, which this reader skips.</summary>
    public WasmReader ReadSubReader(uint count, string what, string section)
    {
        int start = Offset;
        return new WasmReader(ReadBytes(count, what), start, Module, section);
    }

    public uint ReadFixedU32()
    {
        uint value = 0;
        for (int i = 0; i < 4; i++)
        {
            value |= (uint)ReadByte() << (8 * i);
        }
        return value;
    }

    public uint ReadU32()
    {
        int start = Offset;
        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0)
                {
                    throw Error($"LEB128 u32 at byte 0x{start:x} is longer than 5 bytes");
                }
                if ((b & 0x70) != 0)
                {
                    throw Error($"LEB128 u32 at byte 0x{start:x} overflows 32 bits");
                }
            }
            result |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    public int ReadS32() => (int)ReadSigned(32, "s32");

    public long ReadS64() => ReadSigned(64, "s64");

    private long ReadSigned(int bits, string what)
    {
        int start = Offset;
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        for (int i = 0; ; i++)
        {
            byte b = ReadByte();
            int shift = 7 * i;
            if (i == maxBytes - 1)
            {
                if ((b & 0x80) != 0)
                {
                    throw Error($"LEB128 {what} at byte 0x{start:x} is longer than {maxBytes} bytes");
                }
                // The bits of the last byte beyond the integer's width must all equal its sign bit.
                int used = bits - shift;
                int signAndUnused = (sbyte)(byte)(b << 1) >> used;
                if (signAndUnused != 0 && signAndUnused != -1)
                {
                    throw Error($"LEB128 {what} at byte 0x{start:x} overflows {bits} bits");
                }
            }
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                shift += 7;
                if (shift < 64 && (b & 0x40) != 0)
                {
                    result |= -1L << shift;
                }
                return result;
            }
        }
    }

    /// <summary>
    /// A vector length (§5.1.3), refused when the remaining bytes cannot hold that many elements of at least
    /// <paramref name="minimumElementSize"/> bytes each, so that callers may allocate for it.
    /// </summary>
    public int ReadCount(string what, int minimumElementSize = 1)
    {
        int start = Offset;
        uint count = ReadU32();
        if (count > (ulong)Remaining / (ulong)minimumElementSize)
        {
            throw Error($"{what} count {count} at byte 0x{start:x} exceeds what the remaining {Remaining} bytes can hold");
        }
        return (int)count;
    }

    public string ReadName(string what)
    {
        int start = Offset;
        uint length = ReadU32();
        var bytes = ReadBytes(length, what);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error($"{what} at byte 0x{start:x} is not valid UTF-8");
        }
    }
}
