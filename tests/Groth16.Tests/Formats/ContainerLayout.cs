using System.Buffers.Binary;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>Where each section of an iden3 container file lies, so tests can damage one precisely.</summary>
internal sealed class ContainerLayout
{
    private readonly Dictionary<int, (int HeaderOffset, int BodyOffset, int Length)> sections = [];

    internal ContainerLayout(byte[] bytes)
    {
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int position = 12;
        for (int k = 0; k < count; k++)
        {
            int id = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position));
            int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(position + 4)));
            sections[id] = (position, position + 12, length);
            position += 12 + length;
        }
    }

    internal IEnumerable<int> Order => sections.OrderBy(s => s.Value.HeaderOffset).Select(s => s.Key);

    /// <summary>Offset of the section's u32 id; its u64 length follows at +4.</summary>
    internal int HeaderOffset(int id) => sections[id].HeaderOffset;

    internal int BodyOffset(int id) => sections[id].BodyOffset;

    internal int Length(int id) => sections[id].Length;
}
