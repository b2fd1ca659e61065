using System.Buffers.Binary;
using System.Text;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// The iden3 binary container shared by .zkey, .r1cs and .wtns (binfileutils/src/binfileutils.js; see
/// docs FORMATS §1): little-endian <c>magic[4] ‖ u32 version ‖ u32 nSections</c>, then nSections ×
/// <c>{u32 id ‖ u64 length ‖ body[length]}</c>. Sections may appear in any order and are looked up by id.
/// Opening scans the section table only: every length is checked against the bytes that remain in the
/// file before anything is allocated for it, a repeated id and bytes after the last section are refused.
/// </summary>
internal sealed class BinFile
{
    internal const int HeaderSize = 12;
    internal const int SectionHeaderSize = 12;

    private readonly Stream stream;
    private readonly Dictionary<uint, (long Start, ulong Length)> sections;

    private BinFile(Stream stream, string fileName, uint version, Dictionary<uint, (long Start, ulong Length)> sections)
    {
        this.stream = stream;
        FileName = fileName;
        Version = version;
        this.sections = sections;
    }

    internal string FileName { get; }

    internal uint Version { get; }

    /// <summary>
    /// Reads the header and the section table of <paramref name="stream"/> from its current position to its
    /// end. A stream that cannot seek is first copied into memory, because sections are read by id.
    /// </summary>
    internal static BinFile Open(Stream stream, string fileName, string magic, uint maxVersion)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        long origin = stream.Position;
        long fileLength = stream.Length - origin;

        Span<byte> header = stackalloc byte[HeaderSize];
        if (fileLength < HeaderSize)
        {
            throw new BinaryFormatException(fileName, null, $"the file is {fileLength} bytes long, shorter than the {HeaderSize}-byte header");
        }
        stream.ReadExactly(header);
        string found = Encoding.Latin1.GetString(header[..4]);
        if (found != magic)
        {
            throw new BinaryFormatException(fileName, null, $"magic is '{Printable(found)}', expected '{magic}': not a .{magic} file");
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (version > maxVersion)
        {
            throw new BinaryFormatException(fileName, null, $"version {version} is not supported (at most {maxVersion})");
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);

        var sections = new Dictionary<uint, (long, ulong)>();
        long position = HeaderSize;
        Span<byte> entry = stackalloc byte[SectionHeaderSize];
        for (uint k = 0; k < count; k++)
        {
            if (fileLength - position < SectionHeaderSize)
            {
                throw new BinaryFormatException(fileName, null,
                    $"the file ends at byte {fileLength}, inside the header of section {k + 1} of {count} (at byte {position})");
            }
            stream.Position = origin + position;
            stream.ReadExactly(entry);
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(entry[4..]);
            position += SectionHeaderSize;
            ulong remaining = (ulong)(fileLength - position);
            if (length > remaining)
            {
                throw new BinaryFormatException(fileName, SectionNumber(id),
                    $"length {length} runs past the end of the file ({remaining} bytes remain after the section header)");
            }
            if (!sections.TryAdd(id, (origin + position, length)))
            {
                throw new BinaryFormatException(fileName, SectionNumber(id), $"appears more than once (section id {id})");
            }
            position += (long)length;
        }
        if (position != fileLength)
        {
            throw new BinaryFormatException(fileName, null,
                $"{fileLength - position} bytes follow the last of the {count} sections the header announces");
        }
        return new BinFile(stream, fileName, version, sections);
    }

    internal bool Has(int id) => sections.ContainsKey((uint)id);

    /// <summary>The body length of a section that must be present.</summary>
    internal ulong LengthOf(int id) => Find(id).Length;

    /// <summary>Positions the stream at the body of section <paramref name="id"/> and returns a reader bounded by it.</summary>
    internal BinarySection Open(int id)
    {
        var (start, length) = Find(id);
        stream.Position = start;
        return new BinarySection(stream, FileName, id, length, start);
    }

    /// <summary>
    /// Positions the stream <paramref name="offset"/> bytes into the body of section <paramref name="id"/> and returns a
    /// reader bounded by the <paramref name="length"/> bytes from there, which must lie inside the section.
    /// </summary>
    internal BinarySection OpenRange(int id, ulong offset, ulong length)
    {
        var (start, sectionLength) = Find(id);
        if (offset > sectionLength || length > sectionLength - offset)
        {
            throw Error(id, $"bytes {offset}..{offset + length} are asked for, but the section is {sectionLength} bytes long");
        }
        stream.Position = start + (long)offset;
        return new BinarySection(stream, FileName, id, length, start + (long)offset);
    }

    /// <summary>The ids of the sections present, ascending.</summary>
    internal IEnumerable<int> SectionIds => sections.Keys.Order().Select(id => id <= int.MaxValue ? (int)id : -1);

    internal BinaryFormatException Error(int? section, string problem) => new(FileName, section, problem);

    private (long Start, ulong Length) Find(int id) =>
        sections.TryGetValue((uint)id, out var found) ? found : throw Error(id, "is missing");

    private static int? SectionNumber(uint id) => id <= int.MaxValue ? (int)id : null;

    private static string Printable(string magic) =>
        string.Concat(magic.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\x{(int)c:x2}"));
}
