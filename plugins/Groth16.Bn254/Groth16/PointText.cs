using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16;

/// <summary>
/// Turns snarkjs's decimal coordinates into points, as ffjavascript's fromObject reads them: z = 1 is
/// affine, z = 0 is the point at infinity, any other z is Jacobian (x/z², y/z³). Coordinates must be
/// canonical decimals below q; the reason for a refusal names the JSON path.
/// </summary>
internal static class PointText
{
    internal static bool TryDecode(in JsonG1 p, out G1Affine point, out PointProblem problem)
    {
        point = default;
        if (!TryField(p.X, $"{p.Path}[0]", out Fp x, out problem)
            || !TryField(p.Y, $"{p.Path}[1]", out Fp y, out problem)
            || !TryField(p.Z, $"{p.Path}[2]", out Fp z, out problem))
        {
            return false;
        }
        if (z.IsZero)
        {
            point = G1Affine.Identity;
        }
        else
        {
            var jacobian = new G1Jacobian(x, y, z);
            if (!jacobian.IsOnCurve)
            {
                problem = new(p.Path, "is not on the curve y² = x³ + 3");
                return false;
            }
            point = jacobian.ToAffine();
        }
        problem = default;
        return true;
    }

    internal static bool TryDecode(in JsonG2 p, out G2Affine point, out PointProblem problem)
    {
        point = default;
        if (!TryField(p.X0, $"{p.Path}[0][0]", out Fp x0, out problem)
            || !TryField(p.X1, $"{p.Path}[0][1]", out Fp x1, out problem)
            || !TryField(p.Y0, $"{p.Path}[1][0]", out Fp y0, out problem)
            || !TryField(p.Y1, $"{p.Path}[1][1]", out Fp y1, out problem)
            || !TryField(p.Z0, $"{p.Path}[2][0]", out Fp z0, out problem)
            || !TryField(p.Z1, $"{p.Path}[2][1]", out Fp z1, out problem))
        {
            return false;
        }
        var z = new Fp2(z0, z1);
        if (z.IsZero)
        {
            point = G2Affine.Identity;
        }
        else
        {
            var jacobian = new G2Jacobian(new Fp2(x0, x1), new Fp2(y0, y1), z);
            if (!jacobian.IsOnCurve)
            {
                problem = new(p.Path, "is not on the twist curve y² = x³ + 3/(9+u)");
                return false;
            }
            point = jacobian.ToAffine();
            if (!point.IsInSubgroup)
            {
                problem = new(p.Path, "is on the twist curve but not in the order-r subgroup G2");
                return false;
            }
        }
        problem = default;
        return true;
    }

    private static bool TryField(string text, string path, out Fp value, out PointProblem problem)
    {
        if (Fp.TryParse(text, out value))
        {
            problem = default;
            return true;
        }
        problem = new(path, "is not a canonical decimal field element below q");
        return false;
    }

    /// <summary>Canonical decimal text of the affine point, as snarkjs writes it ([x, y, "1"]; infinity ["0", "1", "0"]).</summary>
    internal static string[] ToText(G1Affine p) =>
        p.IsIdentity ? ["0", "1", "0"] : [p.X.ToString(), p.Y.ToString(), "1"];

    internal static string[][] ToText(G2Affine p) =>
        p.IsIdentity
            ? [["0", "0"], ["1", "0"], ["0", "0"]]
            : [[p.X.C0.ToString(), p.X.C1.ToString()], [p.Y.C0.ToString(), p.Y.C1.ToString()], ["1", "0"]];
}
