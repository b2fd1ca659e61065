using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>
/// Large sections are read in chunks and decoded in parallel blocks; with tiny chunks and blocks the
/// poseidon zkey takes those paths and must decode to the same key and report the lowest bad index.
/// </summary>
public class ChunkedDecodingTests
{
    [Fact]
    public void Small_chunks_and_parallel_blocks_decode_the_same_key_and_name_the_first_bad_point()
    {
        byte[] original = Vectors.Read("poseidon", "circuit.zkey");
        var layout = new ContainerLayout(original);
        var damaged = (byte[])original.Clone();
        foreach (int index in new[] { 390, 250, 210, 900 })
        {
            damaged[layout.BodyOffset(9) + index * 64 + 32] ^= 0x01;
        }
        (int chunk, int block) = (BinarySection.ChunkBytes, BinarySection.BlockElements);
        try
        {
            BinarySection.ChunkBytes = 64 * 200;
            BinarySection.BlockElements = 7;
            var key = ZkeyFile.Read(new MemoryStream(original), "circuit.zkey");
            var written = new MemoryStream();
            ZkeyFile.Write(written, key);
            Assert.Equal(original, written.ToArray());

            var e = Assert.Throws<BinaryFormatException>(() => ZkeyFile.Read(new MemoryStream(damaged), "damaged.zkey"));
            Assert.Equal(9, e.Section);
            Assert.Equal("H[210]: is not on the curve y² = x³ + 3", e.Problem);
        }
        finally
        {
            (BinarySection.ChunkBytes, BinarySection.BlockElements) = (chunk, block);
        }
    }
}
