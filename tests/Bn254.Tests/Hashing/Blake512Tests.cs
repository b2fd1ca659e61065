using CredentialHub.Bn254.Hashing;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Hashing;

/// <summary>BLAKE-512 against the BLAKE submission's examples and blake-hash (via circomlibjs's vector script).</summary>
public class Blake512Tests
{
    /// <summary>The one-block and two-block examples of the submission (appendix A of "SHA-3 proposal BLAKE", v1.3), and the empty message.</summary>
    [Theory]
    [InlineData(0, "a8cfbbd73726062df0c6864dda65defe58ef0cc52a5625090fa17601e1eecd1b628e94f396ae402a00acc9eab77b4d4c2e852aaaa25a636d80af3fc7913ef5b8")]
    [InlineData(1, "97961587f6d970faba6d2478045de6d1fabd09b61ae50932054d52bc29d31be4ff9102b9f69e2bbdb83be13d4b9c06091e5fa0b48bd081b634058be0ec49beb3")]
    [InlineData(144, "313717d608e9cf758dcb1eb0f0c3cf9fc150b2d500fb33f51c52afc99d358a2f1374b8a38bba7974e7f6ef79cab16f22ce1e649d6e01ad9589c213045d545dde")]
    public void SubmissionExamples(int zeroBytes, string digest) =>
        Assert.Equal(digest, Convert.ToHexStringLower(Blake512.HashData(new byte[zeroBytes])));

    [Fact]
    public void MatchesBlakeHash()
    {
        int count = 0;
        foreach (var vector in CredentialVectors.Root.GetProperty("blake512").EnumerateArray())
        {
            byte[] message = CredentialVectors.Hex(vector.GetProperty("message"));
            Assert.Equal(vector.GetProperty("digest").GetString(), Convert.ToHexStringLower(Blake512.HashData(message)));
            count++;
        }
        Assert.True(count >= 10);
    }

    [Fact]
    public void WritesIntoALargerDestinationAndRefusesASmallerOne()
    {
        var destination = new byte[80];
        Blake512.HashData([1, 2, 3], destination);
        Assert.Equal(Blake512.HashData([1, 2, 3]), destination[..64]);
        Assert.All(destination[64..], b => Assert.Equal(0, b));
        Assert.Throws<ArgumentException>(() => Blake512.HashData([1, 2, 3], new byte[63]));
    }
}
