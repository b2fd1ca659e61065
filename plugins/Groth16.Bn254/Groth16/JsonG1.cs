namespace CredentialHub.Groth16;

/// <summary>A G1 point as snarkjs writes it: [x, y, z] decimal strings, with its JSON path for messages.</summary>
internal readonly record struct JsonG1(string X, string Y, string Z, string Path);
