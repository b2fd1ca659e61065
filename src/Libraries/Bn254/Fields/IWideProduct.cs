namespace CredentialHub.Bn254.Fields;

/// <summary>How the high half of a 64×64-bit product is obtained.</summary>
internal interface IWideProduct
{
    static abstract ulong MulHigh(ulong a, ulong b);
}
