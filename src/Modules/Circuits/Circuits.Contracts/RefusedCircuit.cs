namespace CredentialHub.Circuits.Contracts;

/// <summary>A circuit found at start-up and not served, with the reason.</summary>
public sealed record RefusedCircuit(string Folder, string Reason);
