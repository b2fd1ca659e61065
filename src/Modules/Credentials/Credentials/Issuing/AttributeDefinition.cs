namespace CredentialHub.Credentials.Issuing;

/// <summary>One attribute of a credential: its name and declared type; its slot is its position.</summary>
internal sealed record AttributeDefinition(string Name, AttributeType Type);
