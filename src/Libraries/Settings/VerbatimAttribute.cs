namespace CredentialHub.Settings;

/// <summary>
/// The setting's text is taken exactly as configured: not trimmed, and only an empty value counts as unset (a secret,
/// whose bytes are what they are).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class VerbatimAttribute : Attribute;
