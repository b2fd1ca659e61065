namespace CredentialHub.Groth16;

/// <summary>Why a point was refused: the JSON path at fault and the problem.</summary>
internal readonly record struct PointProblem(string Path, string Problem)
{
    public override string ToString() => $"{Path} {Problem}";
}
