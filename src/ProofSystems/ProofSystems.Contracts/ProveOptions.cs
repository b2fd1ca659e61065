namespace CredentialHub.ProofSystems.Contracts;

/// <param name="Constraints">When set, the witness is first checked against these constraints (an .r1cs) and the first unsatisfied one is reported.</param>
/// <param name="ConstraintsName">The name of the constraint file, for messages.</param>
/// <param name="VerifyAfterProving">Verify each proof with the key's own verification key before returning it.</param>
public sealed record ProveOptions(Stream? Constraints = null, string? ConstraintsName = null, bool VerifyAfterProving = false);
