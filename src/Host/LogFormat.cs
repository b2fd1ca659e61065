namespace CredentialHub.Host;

/// <summary>LOG_FORMAT: how the console log is written.</summary>
internal enum LogFormat
{
    /// <summary>One JSON object per line (the default in production).</summary>
    Json,

    /// <summary>One readable line per event (the default otherwise).</summary>
    Text,
}
