namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// A circuit taken out of service: why (<see cref="Reason"/>), what an operator must do (<see cref="Remedy"/>), since
/// when, and the SHA-256 of the proving key found faulty.
/// </summary>
public sealed record CircuitOutage(string CircuitId, string Reason, string Remedy, string? ZkeySha256, DateTimeOffset Since)
{
    /// <summary>The state's name as the API shows it.</summary>
    public const string Status = "out-of-service";

    /// <summary>One sentence for problem documents and job errors: names the circuit, why, and what an operator must do.</summary>
    public string Detail => $"circuit '{CircuitId}' is out of service: {Reason}; {Remedy}";
}
