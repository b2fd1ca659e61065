using CredentialHub.Web;
using Microsoft.AspNetCore.Http;

namespace CredentialHub.Circuits.Api;

/// <summary>The problems several /circuits endpoints answer with.</summary>
internal static class CircuitProblems
{
    public static FieldProblem NotFound(string id) =>
        ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown circuit", $"there is no circuit '{RequestText.Printable(id)}'", "id");
}
