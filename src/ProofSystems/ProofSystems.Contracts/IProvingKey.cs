using System.Numerics;

namespace CredentialHub.ProofSystems.Contracts;

/// <summary>A decoded proving key owned by the proof system that loaded it.</summary>
public interface IProvingKey
{
    int PublicSignalCount { get; }

    /// <summary>The number of witness values (wires, including the constant 1) a proof needs.</summary>
    int WitnessLength { get; }

    int DomainSize { get; }

    /// <summary>
    /// The modulus of the scalar field the key's circuit is written over (BN254's r for Groth16 on bn128), which a
    /// witness calculator's prime must equal; null when the proof system does not say (the default).
    /// </summary>
    BigInteger? ScalarFieldModulus => null;
}
