using CredentialHub.Groth16.Ceremony;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// <see cref="Blake2b512"/> is plain unkeyed BLAKE2b-512: the RFC 7693 vector, the empty input (b2sum), and the same
/// hash as snarkjs's own BLAKE2b (@noble/hashes in node_modules) for data fed in uneven pieces.
/// </summary>
public class Blake2b512Tests
{
    [Theory]
    // RFC 7693, Appendix A: BLAKE2b-512("abc").
    [InlineData("abc", "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")]
    // coreutils: printf '' | b2sum.
    [InlineData("", "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")]
    public void Known_vectors(string text, string expected)
    {
        using var hasher = new Blake2b512();
        hasher.Update(System.Text.Encoding.ASCII.GetBytes(text));
        Assert.Equal(expected, Convert.ToHexStringLower(hasher.Finish()));
    }

    [Fact]
    public async Task Fed_in_uneven_pieces_it_equals_the_blake2b_snarkjs_uses()
    {
        var data = new byte[3_000_001];
        new Random(7).NextBytes(data);
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(dir.File("data.bin"), data);
        string script = """
            const { blake2b } = require(process.argv[2]);
            const data = require("fs").readFileSync(process.argv[3]);
            const h = blake2b.create({ dkLen: 64 });
            h.update(data.subarray(0, 1000)); h.update(data.subarray(1000));
            process.stdout.write(Buffer.from(h.digest()).toString("hex"));
            """;
        File.WriteAllText(dir.File("hash.cjs"), script);
        var node = await ExternalProcess.RunAsync("node", [dir.File("hash.cjs"), Repository.Path("node_modules", "@noble", "hashes", "blake2b.js"), dir.File("data.bin")]);
        Assert.True(node.ExitCode == 0, node.Output);

        using var hasher = new Blake2b512();
        int position = 0;
        foreach (int piece in new[] { 1, 127, 128, 129, 65_536, 1_000_000 })
        {
            hasher.Update(data.AsSpan(position, piece));
            position += piece;
        }
        hasher.Update(data, position, data.Length - position);
        Assert.Equal(node.Stdout.Trim(), Convert.ToHexStringLower(hasher.Finish()));

        using var stream = new MemoryStream(data);
        Assert.Equal(node.Stdout.Trim(), Convert.ToHexStringLower(Blake2b512.OfStream(stream, CancellationToken.None)));
    }
}
