using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Ceremony;
using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Proving;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>The plugin's entry point: Groth16 over BN254, snarkjs-compatible: verifying and proving, keys from a powers-of-tau ceremony and phase-2 contributions to them.</summary>
public sealed class Groth16ProofSystem : IProofSystem, IProver, IBatchVerifier, IPhase2Setup, IKeyContributions
{
    public string Id => "groth16-bn254";
    public string Protocol => "groth16";
    public string Curve => "bn128";

    public bool SupportsCurve(string curveName) => SnarkjsJson.IsBn254Name(curveName);

    public BigInteger? ScalarFieldModulus => Fr.Modulus;

    public IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson) => VerificationKey.Parse(verificationKeyJson);

    public VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson) =>
        Groth16Verifier.Verify(Own<VerificationKey>(key), publicSignalsJson, proofJson);

    public IReadOnlyList<VerificationOutcome> VerifyBatch(IVerificationKey key, IReadOnlyList<ProofToVerify> items) =>
        Groth16BatchVerifier.Verify(Own<VerificationKey>(key), items);

    /// <summary>
    /// A key from a file stream (the command line, which proves and ends) uses its points where the file holds them,
    /// mapped (<see cref="ZkeyFile.Read(Stream, string, bool)"/>); any other stream, such as the bytes the service
    /// checked against their SHA-256, is copied into memory.
    /// </summary>
    public IProvingKey LoadProvingKey(Stream zkey, string name) => new ResidentProvingKey(new Groth16Prover(ZkeyFile.Read(zkey, name, mapFile: true)));

    public Witness ReadWitness(Stream wtns, string name)
    {
        var values = WtnsFile.Read(wtns, name);
        try
        {
            return ToWitness(values, name);
        }
        finally
        {
            Array.Clear(values);
        }
    }

    /// <summary>
    /// A .wtns file proved and written as snarkjs writes proof.json and public.json (the command line's use). The file's
    /// values are read once, into the array the prover uses: no other copy of the witness is made.
    /// </summary>
    public ProofArtifacts Prove(IProvingKey key, Stream witness, string witnessName, ProveOptions options, CancellationToken cancellationToken)
    {
        var prover = Own<ResidentProvingKey>(key).Prover;
        var values = WtnsFile.Read(witness, witnessName);
        try
        {
            return ProofArtifacts.Of(Prove(prover, values, witnessName, options, cancellationToken));
        }
        finally
        {
            Array.Clear(values);
        }
    }

    public IProof Prove(IProvingKey key, Witness witness, ProveOptions options, CancellationToken cancellationToken)
    {
        var prover = Own<ResidentProvingKey>(key).Prover;
        var values = FromWitness(witness);
        try
        {
            return Prove(prover, values, witness.Name, options, cancellationToken);
        }
        finally
        {
            Array.Clear(values);
        }
    }

    /// <summary>Proves with <paramref name="values"/>, which the caller owns and clears; checks them against the constraints first when asked.</summary>
    private static Groth16Artifacts Prove(Groth16Prover prover, Fr[] values, string witnessName, ProveOptions options, CancellationToken cancellationToken)
    {
        if (options.Constraints is { } constraints)
        {
            var r1cs = R1csFile.Read(constraints, options.ConstraintsName ?? "constraints");
            if (r1cs.NWires != prover.Key.NVars || r1cs.NPublic != prover.Key.NPublic)
            {
                throw new ProvingException($"{options.ConstraintsName}: the circuit has {r1cs.NWires} wires and {r1cs.NPublic} public signals, the proving key {prover.Key.NVars} and {prover.Key.NPublic}");
            }
            if (values.Length != r1cs.NWires)
            {
                throw new ProvingException($"{witnessName}: the witness has {values.Length} values, the circuit has {r1cs.NWires} wires");
            }
            int unsatisfied = R1csFile.FirstUnsatisfied(r1cs, values);
            if (unsatisfied >= 0)
            {
                throw new ProvingException($"{witnessName}: the witness does not satisfy constraint {unsatisfied} of {options.ConstraintsName}");
            }
        }
        var (proof, publicSignals) = prover.Prove(values, cancellationToken);
        if (options.VerifyAfterProving)
        {
            var outcome = Groth16Verifier.Verify(prover.VerificationKey, publicSignals, proof);
            if (!outcome.IsValid)
            {
                throw new ProvingException($"the proof made from {witnessName} does not verify ({outcome.Reason}); the witness does not satisfy the circuit");
            }
        }
        return new Groth16Artifacts(proof, publicSignals);
    }

    public VerificationOutcome Verify(IVerificationKey key, IProof proof) =>
        proof is Groth16Artifacts made
            ? Groth16Verifier.Verify(Own<VerificationKey>(key), made)
            : Verify(key, System.Text.Encoding.UTF8.GetBytes(proof.PublicSignalsToJson()), System.Text.Encoding.UTF8.GetBytes(proof.ToJson()));

    public string? FindConstraintMismatch(IProvingKey key, Stream r1cs, string r1csName, CancellationToken cancellationToken) =>
        KeyConstraintCheck.FindMismatch(Own<ResidentProvingKey>(key).Prover.Key, r1cs, r1csName, cancellationToken);

    public string ExportVerificationKey(IProvingKey key) => Own<ResidentProvingKey>(key).Prover.VerificationKey.ToJson();

    public void CreateInsecureDevelopmentKey(Stream r1cs, string r1csName, Stream zkey, CancellationToken cancellationToken)
    {
        var key = InsecureDevSetup.Create(R1csFile.Read(r1cs, r1csName), cancellationToken);
        ZkeyFile.Write(zkey, key);
    }

    public PowersOfTauInfo InspectPowersOfTau(Stream ptau, string name, CancellationToken cancellationToken)
    {
        if (!ptau.CanSeek)
        {
            // Read twice (checked, then hashed): a stream that cannot seek is held in memory.
            var copy = new MemoryStream();
            ptau.CopyTo(copy);
            copy.Position = 0;
            ptau = copy;
        }
        long origin = ptau.Position;
        var file = PtauFile.Open(ptau, name);
        file.CheckAllPoints(cancellationToken);
        ptau.Position = origin;
        byte[] hash = Blake2b512.OfStream(ptau, cancellationToken);
        return new PowersOfTauInfo(name, file.Power, file.CeremonyPower, file.Prepared, file.Contributions, hash);
    }

    public KeyVerification VerifyKey(Stream r1cs, string r1csName, Stream ptau, string ptauName, Stream zkey, string zkeyName, CancellationToken cancellationToken) =>
        ZkeyVerification.Verify(r1cs, r1csName, ptau, ptauName, zkey, zkeyName, cancellationToken);

    public InitialKeyInfo CreateInitialKey(Stream r1cs, string r1csName, Stream ptau, string ptauName, Stream zkey, CancellationToken cancellationToken) =>
        Phase2Setup.Create(r1cs, r1csName, PtauFile.Open(ptau, ptauName), zkey, cancellationToken);

    public ContributionRecord Contribute(Stream input, string inputName, Stream output, string? name, ReadOnlySpan<byte> entropy, CancellationToken cancellationToken)
    {
        CheckName(name);
        var rng = ContributionRandomness.FromEntropy(entropy);
        try
        {
            var after = ZkeyContribution.Apply(input, inputName, output, rng, PhaseTwoContribution.ContributionType, name, null, null, cancellationToken);
            return after.Record(after.Contributions[^1]);
        }
        finally
        {
            rng.Clear();
        }
    }

    public ContributionRecord Beacon(Stream input, string inputName, Stream output, string? name, ReadOnlySpan<byte> beaconHash, int iterationsExponent, CancellationToken cancellationToken)
    {
        CheckName(name);
        if (beaconHash.IsEmpty || beaconHash.Length > ContributionRecord.MaxBeaconHashBytes)
        {
            throw new ArgumentException($"the beacon hash is {beaconHash.Length} bytes; it must be 1 to {ContributionRecord.MaxBeaconHashBytes}", nameof(beaconHash));
        }
        if (iterationsExponent is < ContributionRecord.MinIterationsExponent or > ContributionRecord.MaxIterationsExponent)
        {
            throw new ArgumentOutOfRangeException(nameof(iterationsExponent), iterationsExponent,
                $"the iterations exponent must be from {ContributionRecord.MinIterationsExponent} to {ContributionRecord.MaxIterationsExponent}");
        }
        var rng = ContributionRandomness.FromBeacon(beaconHash, iterationsExponent, cancellationToken);
        try
        {
            var after = ZkeyContribution.Apply(input, inputName, output, rng, PhaseTwoContribution.BeaconType, name, iterationsExponent, beaconHash.ToArray(), cancellationToken);
            return after.Record(after.Contributions[^1]);
        }
        finally
        {
            rng.Clear();
        }
    }

    public IReadOnlyList<ContributionRecord> ReadContributions(Stream zkey, string name)
    {
        var parameters = ZkeyContribution.ReadParameters(zkey, name);
        return [.. parameters.Contributions.Select(c => parameters.Record(c))];
    }

    private static void CheckName(string? name)
    {
        if (name is { Length: > ContributionRecord.MaxNameLength })
        {
            throw new ArgumentException($"the name is {name.Length} characters long; a key keeps at most {ContributionRecord.MaxNameLength}", nameof(name));
        }
    }

    /// <summary>Values of r as a witness: 32 little-endian bytes each, the .wtns layout.</summary>
    private static Witness ToWitness(ReadOnlySpan<Fr> values, string name)
    {
        var bytes = new byte[values.Length * WitnessElementSize];
        for (int i = 0; i < values.Length; i++)
        {
            values[i].WriteBytes(bytes.AsSpan(i * WitnessElementSize, WitnessElementSize), bigEndian: false);
        }
        return new Witness(name, Fr.Modulus, WitnessElementSize, bytes);
    }

    /// <summary>A witness's values in r; throws <see cref="ProvingException"/> for a witness of another field or a value not below r.</summary>
    private static Fr[] FromWitness(Witness witness)
    {
        if (witness.Modulus != Fr.Modulus || witness.ElementSize != WitnessElementSize)
        {
            throw new ProvingException($"{witness.Name}: the witness is over another field than the BN254 scalar field r");
        }
        var values = new Fr[witness.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (!Fr.TryReadBytes(witness[i], bigEndian: false, out values[i]))
            {
                Array.Clear(values);
                throw new ProvingException($"{witness.Name}: witness value {i} is not below r");
            }
        }
        return values;
    }

    private const int WitnessElementSize = 32;

    private T Own<T>(object key) where T : class =>
        key as T ?? throw new ArgumentException($"the key was not loaded by {Id}", nameof(key));

    /// <summary>A zkey decoded once, with its prover, kept resident by the caller.</summary>
    private sealed class ResidentProvingKey(Groth16Prover prover) : IProvingKey
    {
        public Groth16Prover Prover { get; } = prover;
        public int PublicSignalCount => Prover.Key.NPublic;
        public int WitnessLength => Prover.Key.NVars;
        public int DomainSize => Prover.Key.DomainSize;
        public BigInteger? ScalarFieldModulus => Fr.Modulus;
    }
}
