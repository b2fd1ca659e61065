using System.Text.Json.Nodes;

namespace CredentialHub.Credentials.Contracts;

/// <summary>A circuit input built from a credential.</summary>
/// <param name="InputsJson">The circuit input as UTF-8 JSON (private: clear after use).</param>
/// <param name="Presentation">What a verifier needs besides the proof and its public signals (no attribute values).</param>
public sealed record CredentialProofInput(byte[] InputsJson, JsonObject Presentation);
