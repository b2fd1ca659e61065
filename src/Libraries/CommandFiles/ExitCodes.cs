namespace CredentialHub.CommandFiles;

/// <summary>The exit codes of every command: success, a negative answer, unusable input or usage.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A negative answer: an invalid proof, a witness that does not fit or satisfy the circuit, no such key.</summary>
    public const int Negative = 1;

    /// <summary>Unusable input or usage: an unknown command, a bad argument or option, a missing, corrupt or unwritable file.</summary>
    public const int Unusable = 2;
}
