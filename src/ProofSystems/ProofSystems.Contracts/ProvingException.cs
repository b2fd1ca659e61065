namespace CredentialHub.ProofSystems.Contracts;

/// <summary>A proof that cannot be made from the inputs given: wrong witness size, unsatisfied constraint, ...</summary>
public sealed class ProvingException(string message) : Exception(message);
