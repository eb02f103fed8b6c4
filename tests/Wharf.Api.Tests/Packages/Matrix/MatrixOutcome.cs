namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>An expected or observed cell: the verdict and, for the list operation, whether the package was listed.</summary>
public sealed record MatrixOutcome(MatrixVerdict Verdict, bool? Listed = null, string? Detail = null)
{
    public bool Matches(MatrixOutcome other) => Verdict == other.Verdict && Listed == other.Listed;

    public override string ToString()
    {
        var text = Verdict switch
        {
            MatrixVerdict.Ok => Listed switch { true => "200 listed", false => "200 not listed", _ => "200" },
            MatrixVerdict.NoContent => "204",
            MatrixVerdict.Unauthenticated => "401",
            MatrixVerdict.MissingScope => "403 scope",
            MatrixVerdict.SsoRequired => "403 SSO",
            MatrixVerdict.MissingRole => "403 role",
            MatrixVerdict.NotFound => "404",
            _ => "other",
        };
        return Detail is null ? text : $"{text} ({Detail})";
    }
}
