namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// Proving and key generation, offered by a proof system that can make proofs (the Groth16 backend does).
/// Keys and constraint systems are read from snarkjs's file formats (zkey, r1cs); a witness is handed over as
/// field elements (<see cref="Witness"/>, read from a .wtns file by <see cref="ReadWitness"/> for the command line)
/// and a proof comes back typed (<see cref="IProof"/>), written as snarkjs's JSON where it leaves the process.
/// </summary>
public interface IProver
{
    /// <summary>
    /// Decodes a proving key (a snarkjs .zkey) into a form that stays resident for many proofs. Throws
    /// <see cref="ArtifactFormatException"/> naming the file, the section and the problem.
    /// </summary>
    IProvingKey LoadProvingKey(Stream zkey, string name);

    /// <summary>
    /// Reads a witness file (.wtns, as snarkjs and circom write it) into field elements. Throws
    /// <see cref="ArtifactFormatException"/> naming the file, the section and the problem.
    /// </summary>
    Witness ReadWitness(Stream wtns, string name);

    /// <summary>
    /// Makes a proof from a witness. Throws <see cref="ArtifactFormatException"/> for an unreadable constraint file,
    /// <see cref="ProvingException"/> when the witness does not fit the key or does not satisfy the circuit, and
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    IProof Prove(IProvingKey key, Witness witness, ProveOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a proof from a witness file (.wtns) and writes it as snarkjs does: <see cref="ReadWitness"/>, then
    /// <see cref="Prove(IProvingKey, Witness, ProveOptions, CancellationToken)"/>. Throws as both do.
    /// </summary>
    ProofArtifacts Prove(IProvingKey key, Stream witness, string witnessName, ProveOptions options, CancellationToken cancellationToken)
    {
        var values = ReadWitness(witness, witnessName);
        try
        {
            return ProofArtifacts.Of(Prove(key, values, options, cancellationToken));
        }
        finally
        {
            values.Clear();
        }
    }

    /// <summary>snarkjs's verification_key.json for a proving key.</summary>
    string ExportVerificationKey(IProvingKey key);

    /// <summary>
    /// Writes a proving key for a circuit (.r1cs) from toxic waste drawn here and discarded: a single-party
    /// setup, so whoever ran it could forge proofs. For development and benchmarks only.
    /// </summary>
    void CreateInsecureDevelopmentKey(Stream r1cs, string r1csName, Stream zkey, CancellationToken cancellationToken);

    /// <summary>
    /// Checks that a proving key was made for a constraint system (an .r1cs): the same field, wire count, public
    /// signal count and constraint count, and every coefficient the key holds equal to the constraint system's.
    /// Returns null when they agree, else the first difference with both values (e.g. "constraint 17: the A
    /// coefficient of wire 5 is 3 in circuit.r1cs, 4 in the proving key"). Throws
    /// <see cref="ArtifactFormatException"/> for a constraint system that cannot be read; sizes are checked against
    /// the key before anything is allocated for them. A proof system without this check throws
    /// <see cref="NotSupportedException"/> (the default).
    /// </summary>
    string? FindConstraintMismatch(IProvingKey key, Stream r1cs, string r1csName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("this proof system cannot check a proving key against a constraint system");
}
