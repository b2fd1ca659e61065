namespace CredentialHub.Groth16;

/// <summary>A G2 point as snarkjs writes it: [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]].</summary>
internal readonly record struct JsonG2(string X0, string X1, string Y0, string Y1, string Z0, string Z1, string Path);
