namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// Loads a circuit from a <see cref="CircuitPackage"/> with the checks the catalog makes (each artifact's SHA-256, keys
/// that parse and match, a witness calculator for the key's field and size) and keeps its proving key and compiled
/// witness engine resident: what a prover process holds. The task ends once the witness engine is compiled (warm).
/// Throws <see cref="CircuitIntegrityException"/> naming what is wrong.
/// </summary>
public interface ICircuitPackageLoader
{
    Task<ILoadedCircuit> LoadAsync(CircuitPackage package, CancellationToken cancellationToken);
}
