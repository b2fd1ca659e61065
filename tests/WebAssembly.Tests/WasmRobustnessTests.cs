using System.Diagnostics;

namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// Damaged copies of a real circom 2 module (tests/Groth16.Tests/vectors/nopublic/circuit.wasm): every truncation,
/// and seeded random byte mutations, either decode and validate or throw <see cref="WasmFormatException"/>,
/// never another exception, and finish promptly.
/// </summary>
public class WasmRobustnessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Decodes and validates on a worker; returns the refusal, or null when the bytes are a valid module.</summary>
    private static WasmFormatException? Check(byte[] bytes, string what)
    {
        var task = Task.Run(() => WasmValidator.Validate(WasmDecoder.Decode(bytes, "circuit.wasm")));
        try
        {
            Assert.True(task.Wait(Limit), $"{what}: decoding and validation took longer than {Limit}");
            return null;
        }
        catch (AggregateException e) when (e.InnerException is WasmFormatException refusal)
        {
            return refusal;
        }
    }

    /// <summary>The offsets where a section starts, found by walking the section headers (§5.5.2).</summary>
    private static HashSet<int> SectionStarts(byte[] bytes)
    {
        var starts = new HashSet<int>();
        var reader = new WasmReader(bytes, 0, "circuit.wasm", "module");
        reader.ReadBytes(8, "header");
        while (!reader.AtEnd)
        {
            starts.Add(reader.Offset);
            reader.ReadByte();
            reader.ReadBytes(reader.ReadU32(), "section");
        }
        starts.Add(bytes.Length);
        return starts;
    }

    [Fact]
    public void EveryTruncationIsRefusedUnlessItEndsBetweenSections()
    {
        var bytes = CircomWasmFiles.Read("nopublic");
        var boundaries = SectionStarts(bytes);
        for (int length = 0; length < bytes.Length; length++)
        {
            if (boundaries.Contains(length))
            {
                Check(bytes[..length], $"truncation to {length} bytes");
                continue;
            }
            var module = default(WasmModule);
            var error = Record.Exception(() => module = WasmDecoder.Decode(bytes.AsSpan(0, length), "circuit.wasm"));
            Assert.True(error is WasmFormatException, $"truncation to {length} bytes: {error?.GetType().Name ?? "decoded"}");
        }
    }

    [Fact]
    public void TruncationMessagesNameTheOffset()
    {
        var bytes = CircomWasmFiles.Read("nopublic");
        var error = Assert.Throws<WasmFormatException>(() => WasmDecoder.Decode(bytes.AsSpan(0, 9), "circuit.wasm"));
        Assert.Equal("circuit.wasm: type section: unexpected end at byte 0x9", error.Message);
    }

    [Fact]
    public void RandomMutationsAndTruncationsAreRefusedOrAccepted()
    {
        var original = CircomWasmFiles.Read("nopublic");
        var random = new Random(20261121);
        int refused = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes;
            string what;
            if (i % 3 == 2)
            {
                int length = random.Next(original.Length);
                bytes = original[..length];
                what = $"case {i}: truncation to {length} bytes";
            }
            else
            {
                bytes = (byte[])original.Clone();
                // Two in three mutations land in the first 4 KiB, where the sections other than code and data are.
                int at = i % 3 == 0 ? random.Next(Math.Min(4096, bytes.Length)) : random.Next(bytes.Length);
                byte value = (byte)random.Next(256);
                bytes[at] = value;
                what = $"case {i}: byte 0x{at:x} set to 0x{value:x2}";
            }
            if (Check(bytes, what) is not null)
            {
                refused++;
            }
        }
        Assert.True(refused > 0);
    }
}
