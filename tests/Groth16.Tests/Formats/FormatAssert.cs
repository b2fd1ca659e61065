using System.Buffers.Binary;
using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>Reads a damaged file and returns the refusal, checking it names the file and the section.</summary>
internal static class FormatAssert
{
    internal static BinaryFormatException Refused(Func<Stream, string, object> read, byte[] bytes, int? section, string problemFragment)
    {
        var e = Assert.Throws<BinaryFormatException>(() => read(new MemoryStream(bytes, writable: false), "damaged.bin"));
        Assert.Equal("damaged.bin", e.File);
        Assert.True(section == e.Section, $"expected section {section?.ToString() ?? "none"}, got {e.Message}");
        Assert.Contains(problemFragment, e.Problem);
        Assert.StartsWith("damaged.bin: ", e.Message);
        Assert.EndsWith(e.Problem, e.Message);
        return e;
    }

    internal static byte[] Patch(byte[] original, int offset, params byte[] replacement)
    {
        var copy = (byte[])original.Clone();
        replacement.CopyTo(copy, offset);
        return copy;
    }

    internal static byte[] PatchUInt32(byte[] original, int offset, uint value)
    {
        var copy = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    internal static byte[] PatchUInt64(byte[] original, int offset, ulong value)
    {
        var copy = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }
}
