using System.Text;
using System.Text.RegularExpressions;
using CredentialHub.Groth16.Ceremony;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// Phase-2 contributions against snarkjs 0.7.6: our beacon gives snarkjs's bytes; snarkjs's <c>zkey verify</c> accepts
/// our contributions, alone and mixed with its own in either order, and lists the hashes we report; proofs made with a
/// contributed key verify with snarkjs and with our verifier.
/// </summary>
[Collection(CeremonyCollection.Name)]
public sealed partial class ZkeyContributionTests(CeremonyFixture ceremony) : IDisposable
{
    private const string BeaconHex = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private readonly Groth16ProofSystem system = new();
    private readonly TemporaryDirectory directory = new("credentialhub-contribute-");

    public void Dispose() => directory.Dispose();

    private ContributionRecord Contribute(string input, string output, string? name, string entropy)
    {
        using var from = File.OpenRead(input);
        using var to = File.Create(output);
        return system.Contribute(from, input, to, name, Encoding.UTF8.GetBytes(entropy), CancellationToken.None);
    }

    private ContributionRecord Beacon(string input, string output, string? name, string hex, int exponent)
    {
        using var from = File.OpenRead(input);
        using var to = File.Create(output);
        return system.Beacon(from, input, to, name, Convert.FromHexString(hex), exponent, CancellationToken.None);
    }

    /// <summary>
    /// snarkjs zkey verify's listing (it prints the last contribution first, each as "contribution #n name:"): the hash
    /// of each contribution (128 hex digits), ordered by n.
    /// </summary>
    private async Task<List<string>> SnarkjsVerifiesAsync(string circuit, string zkey)
    {
        var result = await CeremonyFixture.SnarkjsAsync("zkey", "verify", CeremonyFixture.R1cs(circuit), ceremony.Ptau, zkey);
        Assert.Contains("ZKey Ok!", result.Output, StringComparison.Ordinal);
        return [.. ListedHash().Matches(result.Output)
            .OrderBy(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Select(m => Regex.Replace(m.Groups[2].Value, @"\s", ""))];
    }

    [GeneratedRegex(@"contribution #(\d+) [^\n]*:\s*\n((?:\s*[0-9a-f]{8}){16})")]
    private static partial Regex ListedHash();

    [Theory]
    [InlineData("multi", null, 1 << 16)]
    [InlineData("poseidon", "final beacon", 1 << 16)]
    [InlineData("poseidon", "blocks of 100 points", 100)]
    public async Task Our_beacon_writes_the_bytes_snarkjs_writes(string circuit, string? name, int blockPoints)
    {
        string ours = directory.File("ours.zkey"), theirs = directory.File("theirs.zkey");
        int before = ZkeyContribution.BlockPoints;
        ZkeyContribution.BlockPoints = blockPoints;
        ContributionRecord record;
        try
        {
            record = Beacon(ceremony.InitialKey(circuit), ours, name, BeaconHex, 10);
        }
        finally
        {
            ZkeyContribution.BlockPoints = before;
        }
        string[] nameOption = name is null ? [] : [$"-n={name}"];
        var result = await CeremonyFixture.SnarkjsAsync(["zkey", "beacon", ceremony.InitialKey(circuit), theirs, BeaconHex, "10", .. nameOption]);

        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
        Assert.Contains(ContributionRecord.FormatHash(record.Hash, "Contribution Hash: "), result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(ContributionKind.Beacon, record.Kind);
        Assert.Equal(BeaconHex, record.BeaconHash);
        Assert.Equal(10, record.IterationsExponent);
        Assert.Equal(name, record.Name);
    }

    [Fact]
    public async Task Our_beacon_after_two_contributions_writes_the_bytes_snarkjs_writes_and_verifies()
    {
        string first = directory.File("1.zkey"), second = directory.File("2.zkey");
        await CeremonyFixture.SnarkjsAsync("zkey", "contribute", ceremony.InitialKey("multi"), first, "--name=snarkjs", "-e=some entropy");
        Contribute(first, second, "ours", "more entropy");
        string ours = directory.File("ours.zkey"), theirs = directory.File("theirs.zkey");
        Beacon(second, ours, "beacon", "ffee", 12);
        await CeremonyFixture.SnarkjsAsync("zkey", "beacon", second, theirs, "ffee", "12", "-n=beacon");
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
        Assert.Equal(3, (await SnarkjsVerifiesAsync("multi", ours)).Count);
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    public async Task Snarkjs_verifies_our_contribution_and_lists_the_hash_we_report(string circuit)
    {
        string output = directory.File("1.zkey");
        var record = Contribute(ceremony.InitialKey(circuit), output, "alice", "alice's entropy");
        var listed = await SnarkjsVerifiesAsync(circuit, output);
        Assert.Equal([record.Hash], listed);
        Assert.Equal(ContributionKind.Contribution, record.Kind);
        Assert.Equal("alice", record.Name);

        var read = system.ReadContributions(File.OpenRead(output), output);
        Assert.Equal([record], read);
    }

    [Fact]
    public async Task Ours_after_snarkjs_and_snarkjs_after_ours_verify_with_every_hash_listed()
    {
        string a = directory.File("a.zkey"), b = directory.File("b.zkey"), c = directory.File("c.zkey"), d = directory.File("d.zkey");
        await CeremonyFixture.SnarkjsAsync("zkey", "contribute", ceremony.InitialKey("poseidon"), a, "--name=snarkjs first", "-e=one");
        var ours = Contribute(a, b, "ours second", "two");
        await CeremonyFixture.SnarkjsAsync("zkey", "contribute", b, c, "--name=snarkjs third", "-e=three");
        var beacon = Beacon(c, d, null, "abcdef0123", 11);

        var listed = await SnarkjsVerifiesAsync("poseidon", d);
        var records = system.ReadContributions(File.OpenRead(d), d);
        Assert.Equal(records.Select(r => r.Hash), listed);
        Assert.Equal(4, listed.Count);
        Assert.Equal(ours, records[1]);
        Assert.Equal(beacon, records[3]);
        Assert.Equal(["snarkjs first", "ours second", "snarkjs third", null], records.Select(r => r.Name));
    }

    [Fact]
    public void Two_contributions_with_the_same_entropy_differ_because_the_system_randomness_is_mixed_in()
    {
        var one = Contribute(ceremony.InitialKey("multi"), directory.File("1.zkey"), "x", "same");
        var two = Contribute(ceremony.InitialKey("multi"), directory.File("2.zkey"), "x", "same");
        Assert.NotEqual(one.Hash, two.Hash);
    }

    [Fact]
    public async Task A_proof_from_our_contributed_key_verifies_with_snarkjs_and_with_ours()
    {
        string key = directory.File("final.zkey");
        Contribute(ceremony.InitialKey("multi"), directory.File("1.zkey"), "one", "entropy");
        Beacon(directory.File("1.zkey"), key, "beacon", BeaconHex, 10);

        var proving = system.LoadProvingKey(File.OpenRead(key), key);
        string witness = Repository.Path("tests", "Groth16.Tests", "vectors", "multi", "witness.wtns");
        ProofArtifacts proof;
        using (var wtns = File.OpenRead(witness))
        {
            proof = system.Prove(proving, wtns, witness, new ProveOptions(), CancellationToken.None);
        }
        string vkey = system.ExportVerificationKey(proving);
        Assert.True(system.Verify(system.LoadVerificationKey(Encoding.UTF8.GetBytes(vkey)), Encoding.UTF8.GetBytes(proof.PublicSignalsJson), Encoding.UTF8.GetBytes(proof.ProofJson)).IsValid);
        var snarkjs = await Snarkjs.VerifyAsync(vkey, proof.PublicSignalsJson, proof.ProofJson);
        Assert.True(snarkjs.ExitCode == 0 && snarkjs.Output.Contains("OK!", StringComparison.Ordinal), snarkjs.Output);

        // The key's delta changed: the initial key's verification key no longer accepts the proof.
        var initial = system.LoadProvingKey(File.OpenRead(ceremony.InitialKey("multi")), "initial");
        var oldKey = system.LoadVerificationKey(Encoding.UTF8.GetBytes(system.ExportVerificationKey(initial)));
        Assert.False(system.Verify(oldKey, Encoding.UTF8.GetBytes(proof.PublicSignalsJson), Encoding.UTF8.GetBytes(proof.ProofJson)).IsValid);
    }

    [Fact]
    public async Task A_contribution_whose_C_section_was_altered_is_refused_by_snarkjs()
    {
        // The check that the interop test can fail: scaling C by anything but the inverse of the new delta breaks it.
        string output = directory.File("1.zkey");
        Contribute(ceremony.InitialKey("multi"), output, "x", "y");
        var key = ZkeyFile.Read(output);
        var tampered = new ProvingKey(key.NVars, key.NPublic, key.DomainSize, key.Alpha1, key.Beta1, key.Beta2, key.Gamma2, key.Delta1, key.Delta2,
            key.IC, key.Coefficients, key.A, key.B1, key.B2,
            key.C.ToArray().Select((p, i) => i == 0 ? p.ToJacobian().Double().ToAffine() : p).ToArray(), key.H, key.Contributions);
        ZkeyFile.Write(output, tampered);
        var result = await Snarkjs.RunAsync("zkey", "verify", CeremonyFixture.R1cs("multi"), ceremony.Ptau, output);
        Assert.DoesNotContain("ZKey Ok!", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_name_what_was_wrong()
    {
        string input = ceremony.InitialKey("multi");
        var name = Assert.Throws<ArgumentException>(() => Contribute(input, directory.File("o.zkey"), new string('n', 65), "e"));
        Assert.Contains("the name is 65 characters long; a key keeps at most 64", name.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => Beacon(input, directory.File("o.zkey"), null, "", 10));
        Assert.Contains("the beacon hash is 0 bytes", empty.Message, StringComparison.Ordinal);
        var low = Assert.Throws<ArgumentOutOfRangeException>(() => Beacon(input, directory.File("o.zkey"), null, "ab", 9));
        Assert.Contains("from 10 to 63", low.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Beacon(input, directory.File("o.zkey"), null, "ab", 64));

        string r1cs = CeremonyFixture.R1cs("multi");
        var notZkey = Assert.Throws<BinaryFormatException>(() => Contribute(r1cs, directory.File("o.zkey"), null, "e"));
        Assert.Contains("magic is 'r1cs', expected 'zkey'", notZkey.Message, StringComparison.Ordinal);

        byte[] plonk = File.ReadAllBytes(input);
        // Section 1 is first in snarkjs's layout: its body (the protocol id) starts after the 12-byte file header and the 12-byte section header.
        plonk[24] = 2;
        File.WriteAllBytes(directory.File("plonk.zkey"), plonk);
        var protocol = Assert.Throws<BinaryFormatException>(() => Contribute(directory.File("plonk.zkey"), directory.File("o.zkey"), null, "e"));
        Assert.Contains("section 1: protocol id 2 (plonk) is not supported", protocol.Message, StringComparison.Ordinal);
    }
}
