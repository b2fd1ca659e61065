using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;
using static CredentialHub.Groth16.Tests.Formats.FormatAssert;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>
/// A proving key checked against the constraint system it should have been made from (<see cref="KeyConstraintCheck"/>):
/// snarkjs's own keys pass with their r1cs, every kind of difference is named with both values, damaged or oversized
/// r1cs files are refused as format errors, never allocated for.
/// </summary>
public class KeyConstraintCheckTests
{
    // r1cs section 1 (FORMATS §3): n8, prime, nWires, nPubOut, nPubIn, nPrvIn, u64 nLabels, mConstraints.
    private const int NWires = 36, NPubOut = 40, NPubIn = 44, NPrvIn = 48, MConstraints = 60;

    private static ProvingKey Key(string circuit) => ZkeyFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.zkey"));

    private static byte[] R1cs(string circuit) => Vectors.Read(circuit, "circuit.r1cs");

    private static string Shipped(string circuit, string file) => Repository.Path("circuits", circuit, file);

    private static string? Check(ProvingKey key, byte[] r1cs) => KeyConstraintCheck.FindMismatch(key, new MemoryStream(r1cs, writable: false), "test.r1cs");

    /// <summary>A copy of <paramref name="key"/> with other coefficients (everything else shared).</summary>
    private static ProvingKey WithCoefficients(ProvingKey key, ZkeyCoefficient[] coefficients) => new(
        key.NVars, key.NPublic, key.DomainSize, key.Alpha1, key.Beta1, key.Beta2, key.Gamma2, key.Delta1, key.Delta2,
        key.IC, coefficients, key.A, key.B1, key.B2, key.C, key.H, key.Contributions);

    public static TheoryData<string> Circuits() => new(Vectors.Circuits);

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Snarkjs_keys_match_their_r1cs(string circuit)
    {
        Assert.Null(Check(Key(circuit), R1cs(circuit)));
    }

    [Theory]
    [InlineData("solvency")]
    [InlineData("selective-disclosure")]
    public void The_shipped_circuits_keys_match_their_r1cs(string circuit)
    {
        var key = ZkeyFile.Read(Shipped(circuit, "circuit_final.zkey"));
        Assert.Null(Check(key, File.ReadAllBytes(Shipped(circuit, "circuit.r1cs"))));
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Our_development_keys_match_their_r1cs(string circuit)
    {
        var key = CredentialHub.Groth16.Proving.InsecureDevSetup.Create(R1csFile.Read(new MemoryStream(R1cs(circuit)), "circuit.r1cs"));
        Assert.Null(Check(key, R1cs(circuit)));
        Assert.NotNull(Check(key, R1cs(circuit == "multi" ? "poseidon" : "multi")));
    }

    [Fact]
    public void The_proof_system_checks_through_the_contract()
    {
        IProver prover = new Groth16ProofSystem();
        var key = prover.LoadProvingKey(new MemoryStream(Vectors.Read("multi", "circuit.zkey")), "circuit.zkey");
        Assert.Equal(Fr.Modulus, key.ScalarFieldModulus);
        Assert.Null(prover.FindConstraintMismatch(key, new MemoryStream(R1cs("multi")), "circuit.r1cs", CancellationToken.None));
        string? mismatch = prover.FindConstraintMismatch(key, new MemoryStream(R1cs("poseidon")), "poseidon.r1cs", CancellationToken.None);
        Assert.NotNull(mismatch);
        Assert.StartsWith("poseidon.r1cs has ", mismatch);
    }

    [Fact]
    public void Another_circuits_r1cs_is_refused_with_both_wire_counts()
    {
        var key = Key("multi");
        var other = R1csFile.Read(new MemoryStream(R1cs("poseidon")), "poseidon.r1cs");
        Assert.Equal($"test.r1cs has {other.NWires} wires; the proving key has {key.NVars} signals (nVars)", Check(key, R1cs("poseidon")));
    }

    [Fact]
    public void Another_public_signal_count_is_refused_with_both_counts()
    {
        byte[] r1cs = R1cs("multi");
        int header = new ContainerLayout(r1cs).BodyOffset(1);
        int outputs = (int)BinaryPrimitives.ReadUInt32LittleEndian(r1cs.AsSpan(header + NPubOut));
        int inputs = (int)BinaryPrimitives.ReadUInt32LittleEndian(r1cs.AsSpan(header + NPubIn));
        int privates = (int)BinaryPrimitives.ReadUInt32LittleEndian(r1cs.AsSpan(header + NPrvIn));
        Assert.True(privates > 0);
        // One private input declared public instead: the wire count stays.
        byte[] moved = PatchUInt32(PatchUInt32(r1cs, header + NPubIn, (uint)inputs + 1), header + NPrvIn, (uint)privates - 1);
        Assert.Equal($"test.r1cs has {outputs + inputs + 1} public signals ({outputs} outputs, {inputs + 1} public inputs); the proving key has {outputs + inputs} (nPublic)",
            Check(Key("multi"), moved));
    }

    [Fact]
    public void Another_constraint_count_is_refused_before_the_constraints_are_read()
    {
        byte[] r1cs = R1cs("multi");
        int header = new ContainerLayout(r1cs).BodyOffset(1);
        int m = (int)BinaryPrimitives.ReadUInt32LittleEndian(r1cs.AsSpan(header + MConstraints));
        var key = Key("multi");
        int rows = key.NPublic + 1;
        Assert.Equal($"test.r1cs has {m - 1} constraints; the proving key has {m} (its coefficients fill {m + rows} rows, the last {rows} being the public-input rows)",
            Check(key, PatchUInt32(r1cs, header + MConstraints, (uint)m - 1)));
    }

    public static TheoryData<int> Matrices() => [0, 1];

    [Theory]
    [MemberData(nameof(Matrices))]
    public void A_changed_coefficient_is_named_with_its_constraint_wire_and_both_values(int matrix)
    {
        var key = Key("poseidon");
        var r1cs = R1csFile.Read(new MemoryStream(R1cs("poseidon")), "poseidon.r1cs");
        var coefficients = (ZkeyCoefficient[])key.Coefficients.Clone();
        // The middle entry of this matrix inside the r1cs's rows (not −1, which would become no term at all).
        int[] candidates = [.. Enumerable.Range(0, coefficients.Length)
            .Where(i => coefficients[i].Matrix == matrix && coefficients[i].Constraint < r1cs.Constraints.Length && !(coefficients[i].Value + Fr.One).IsZero)];
        int index = candidates[candidates.Length / 2];
        var entry = coefficients[index];
        Assert.Single(coefficients, c => c.Matrix == matrix && c.Constraint == entry.Constraint && c.Signal == entry.Signal);
        coefficients[index] = entry with { Value = entry.Value + Fr.One };

        string? mismatch = Check(WithCoefficients(key, coefficients), R1cs("poseidon"));

        var side = matrix == 0 ? r1cs.Constraints[entry.Constraint].A : r1cs.Constraints[entry.Constraint].B;
        var original = side.Coefficients[Array.IndexOf(side.Wires, entry.Signal)];
        Assert.Equal(entry.Value, original);
        Assert.Equal($"constraint {entry.Constraint}: the {(matrix == 0 ? "A" : "B")} coefficient of wire {entry.Signal} is {original.ToBigInteger()} in test.r1cs, "
            + $"{(original + Fr.One).ToBigInteger()} in the proving key", mismatch);
    }

    [Fact]
    public void A_missing_and_an_extra_term_are_named()
    {
        var key = Key("multi");
        int first = Array.FindIndex(key.Coefficients, c => c.Matrix == 1);
        var entry = key.Coefficients[first];
        string? missing = Check(WithCoefficients(key, [.. key.Coefficients.Where((_, i) => i != first)]), R1cs("multi"));
        Assert.Equal($"constraint {entry.Constraint}: the B coefficient of wire {entry.Signal} is {entry.Value.ToBigInteger()} in test.r1cs, 0 (no term) in the proving key", missing);

        int wire = Enumerable.Range(0, key.NVars).First(w => !key.Coefficients.Any(c => c.Matrix == 1 && c.Constraint == entry.Constraint && c.Signal == w));
        var extra = new ZkeyCoefficient(1, entry.Constraint, wire, Fr.FromBigInteger(7));
        Assert.Equal($"constraint {entry.Constraint}: the B coefficient of wire {wire} is 0 (no term) in test.r1cs, 7 in the proving key",
            Check(WithCoefficients(key, [.. key.Coefficients, extra]), R1cs("multi")));
    }

    [Fact]
    public void Term_order_and_split_terms_do_not_matter()
    {
        var key = Key("poseidon");
        var shuffled = key.Coefficients.OrderBy(_ => Random.Shared.Next()).ToList();
        // One coefficient c written as two entries c − 5 and 5 for the same wire: the same linear combination.
        int split = shuffled.FindIndex(c => c.Matrix == 0);
        var entry = shuffled[split];
        var five = Fr.FromBigInteger(5);
        shuffled[split] = entry with { Value = entry.Value - five };
        shuffled.Add(entry with { Value = five });
        // A zero term changes nothing either.
        shuffled.Add(new ZkeyCoefficient(1, 0, key.NVars - 1, Fr.Zero));
        Assert.Null(Check(WithCoefficients(key, [.. shuffled]), R1cs("poseidon")));
    }

    [Fact]
    public void The_public_input_rows_must_be_there()
    {
        var key = Key("multi");
        int m = R1csFile.Read(new MemoryStream(R1cs("multi")), "multi.r1cs").Constraints.Length;
        // The row of signal 1: its value changes, the row count stays.
        int index = Array.FindIndex(key.Coefficients, c => c.Constraint == m + 1);
        Assert.Equal(1, key.Coefficients[index].Signal);
        Assert.Equal(Fr.One, key.Coefficients[index].Value);
        string? changed = Check(WithCoefficients(key, [.. key.Coefficients.Select((c, i) => i == index ? c with { Value = Fr.FromBigInteger(2) } : c)]), R1cs("multi"));
        Assert.Equal($"row {m + 1} (the public-input row of signal 1): the A coefficient of wire 1 is 1 expected, 2 in the proving key", changed);

        var extraB = new ZkeyCoefficient(1, m + 1, 0, Fr.One);
        Assert.Equal($"the proving key has a B coefficient in row {m + 1} (wire 0), beyond the {m} constraints of test.r1cs",
            Check(WithCoefficients(key, [.. key.Coefficients, extraB]), R1cs("multi")));
    }

    /// <summary>
    /// The zkey holds c·R² mod r (R = 2^256) where the r1cs holds c (FORMATS §2.1); the comparison is on the
    /// coefficients, so a key whose stored value were the plain c would be refused.
    /// </summary>
    [Fact]
    public void Coefficients_are_compared_after_the_zkeys_Montgomery_encoding_is_undone()
    {
        byte[] zkey = Vectors.Read("multi", "circuit.zkey");
        var layout = new ContainerLayout(zkey);
        int body = layout.BodyOffset(4);
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(body));
        var r2 = BigInteger.ModPow(2, 512, Fr.Modulus);
        var r1cs = R1csFile.Read(new MemoryStream(R1cs("multi")), "multi.r1cs");
        int changedEntry = -1;
        for (int i = 0; i < count; i++)
        {
            var entry = zkey.AsSpan(body + 4 + 44 * i, 44);
            int matrix = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry);
            int constraint = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            int signal = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            var stored = new BigInteger(entry[12..], isUnsigned: true);
            if (constraint >= r1cs.Constraints.Length)
            {
                Assert.Equal(r2, stored); // a public-input row: 1 is stored as 2^512 mod r
                continue;
            }
            var side = matrix == 0 ? r1cs.Constraints[constraint].A : r1cs.Constraints[constraint].B;
            var plain = side.Coefficients[Array.IndexOf(side.Wires, signal)].ToBigInteger();
            Assert.Equal(plain * r2 % Fr.Modulus, stored);
            if (changedEntry < 0 && plain * r2 % Fr.Modulus != plain)
            {
                changedEntry = i;
            }
        }
        Assert.True(changedEntry >= 0);

        // Store one coefficient plainly (the r1cs's bytes): read back it is c·R⁻², no longer c.
        int at = body + 4 + 44 * changedEntry;
        byte[] plainCopy = (byte[])zkey.Clone();
        var term = ZkeyFile.Read(new MemoryStream(zkey), "multi.zkey").Coefficients[changedEntry];
        term.Value.WriteBytes(plainCopy.AsSpan(at + 12, 32), bigEndian: false);
        var damaged = ZkeyFile.Read(new MemoryStream(plainCopy), "plain.zkey");
        string? mismatch = Check(damaged, R1cs("multi"));
        Assert.NotNull(mismatch);
        Assert.StartsWith($"constraint {term.Constraint}: the {(term.Matrix == 0 ? "A" : "B")} coefficient of wire {term.Signal} is {term.Value.ToBigInteger()} in test.r1cs", mismatch);
    }

    [Fact]
    public void Truncated_and_garbage_r1cs_files_are_format_errors()
    {
        var key = Key("multi");
        byte[] r1cs = R1cs("multi");
        foreach (int cut in Enumerable.Range(0, 16).Select(k => r1cs.Length * k / 16).Append(r1cs.Length - 1).Distinct())
        {
            var e = Assert.Throws<BinaryFormatException>(() => Check(key, r1cs[..cut]));
            Assert.Equal("test.r1cs", e.File);
        }
        byte[] garbage = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3))];
        Assert.Contains("not a .r1cs file", Assert.Throws<BinaryFormatException>(() => Check(key, garbage)).Problem);
        Assert.Contains("not a .r1cs file", Assert.Throws<BinaryFormatException>(() => Check(key, Vectors.Read("multi", "circuit.zkey"))).Problem);
    }

    [Fact]
    public void Damage_inside_the_constraints_is_a_format_error()
    {
        var key = Key("multi");
        byte[] r1cs = R1cs("multi");
        int constraints = new ContainerLayout(r1cs).BodyOffset(2);
        // The first term of constraint 0's A: its wire, then its coefficient.
        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(r1cs.AsSpan(constraints)) > 0, "constraint 0 of multi has an empty A");
        var wire = Assert.Throws<BinaryFormatException>(() => Check(key, PatchUInt32(r1cs, constraints + 4, (uint)key.NVars)));
        Assert.Equal(2, wire.Section);
        Assert.Contains($"constraint 0 A, term 0: wire {key.NVars} is not below nWires = {key.NVars}", wire.Problem);
        byte[] big = (byte[])r1cs.Clone();
        big.AsSpan(constraints + 8, 32).Fill(0xff);
        Assert.Contains("coefficient is not below r", Assert.Throws<BinaryFormatException>(() => Check(key, big)).Problem);
        var count = Assert.Throws<BinaryFormatException>(() => Check(key, PatchUInt32(r1cs, constraints, 1_000_000_000)));
        Assert.Contains("1000000000 terms do not fit", count.Problem);
    }

    [Fact]
    public void A_header_claiming_two_billion_constraints_is_refused_without_allocating()
    {
        byte[] r1cs = R1cs("multi");
        int header = new ContainerLayout(r1cs).BodyOffset(1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<BinaryFormatException>(() => Check(Key("multi"), PatchUInt32(r1cs, header + MConstraints, int.MaxValue)));
        Assert.Contains($"mConstraints = {int.MaxValue} (from the header) cannot fit", e.Problem);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "the check allocated as if the count were real");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Another_prime_is_refused_naming_it()
    {
        byte[] r1cs = R1cs("multi");
        int header = new ContainerLayout(r1cs).BodyOffset(1);
        byte[] other = (byte[])r1cs.Clone();
        var bls = BigInteger.Parse("52435875175126190479447740508185965837690552500527637822603658699938581184513");
        bls.TryWriteBytes(other.AsSpan(header + 4, 32), out _, isUnsigned: true);
        var e = Assert.Throws<BinaryFormatException>(() => Check(Key("multi"), other));
        Assert.Contains($"prime is {bls}, not BN254's prime = {Fr.Modulus}", e.Problem);
    }
}
