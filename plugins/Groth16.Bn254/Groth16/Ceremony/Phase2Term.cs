using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// One term of a key point made from the Lagrange bases: <see cref="Coefficient"/> times point <see cref="Row"/> of the
/// basis <see cref="Basis"/> (τ, α·τ or β·τ in G1; τ in G2), added into the point <see cref="Target"/>.
/// </summary>
internal readonly record struct Phase2Term(int Target, int Row, byte Basis, Fr Coefficient);
