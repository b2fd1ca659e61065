using System.Text.Json.Nodes;
using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Credentials.Contracts;

/// <summary>A circuit input built from a credential.</summary>
/// <param name="Inputs">The circuit's input signals, typed (private: clear each signal's values once used).</param>
/// <param name="Presentation">What a verifier needs besides the proof and its public signals (no attribute values).</param>
public sealed record CredentialProofInput(IReadOnlyList<InputSignal> Inputs, JsonObject Presentation);
