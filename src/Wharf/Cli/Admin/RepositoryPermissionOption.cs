using System.CommandLine;
using Wharf.Core.Repositories;

namespace Wharf.Cli.Admin;

/// <summary>The <c>--permission</c> flag in GitHub's words, shared by collaborator and team grants.</summary>
internal static class RepositoryPermissionOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--permission") { Description = "pull, triage, push, maintain or admin", Required = true };
        option.AcceptOnlyFromAmong("pull", "triage", "push", "maintain", "admin");
        return option;
    }

    public static RepositoryPermission Value(ParseResult parse, Option<string> option) =>
        RepositoryService.ParsePermission(parse.GetValue(option)) ?? RepositoryPermission.Read;
}
