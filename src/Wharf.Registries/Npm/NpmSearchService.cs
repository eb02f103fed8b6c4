using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Packages;

namespace Wharf.Registries.Npm;

/// <summary>
/// <c>npm search</c> over the packages the caller can read. The owners searched are the caller's own account and every
/// account the text names (<c>@octo-org</c>, or a word that is a login); a package matches when each word of the text
/// is in its name, description or keywords. Lists go through the core's read filter, so nothing unreadable shows.
/// </summary>
public sealed class NpmSearchService(AccountService accounts, PackageService packages, NpmPackageReader reader, TimeProvider clock)
{
    private const int MaxOwners = 10;
    private const int PageSize = 100;
    private const int MaxPackagesPerOwner = 1000;

    /// <summary>Searches for <paramref name="principal"/>; packages are read, and linked, under <paramref name="registryUrl"/>.</summary>
    public async Task<NpmSearchResultJson> SearchAsync(
        Principal principal, string registryUrl, string? text, int size, int from, CancellationToken cancellationToken)
    {
        var words = (text ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var owners = new Dictionary<long, Account>();
        if (principal.User is { } user)
        {
            owners[user.Id] = user;
        }

        foreach (var word in words.Take(MaxOwners))
        {
            var login = word.TrimStart('@').Split('/')[0];
            if (login.Length > 0 && LoginRules.IsValidLogin(login) && await accounts.FindAsync(login, cancellationToken) is { } named)
            {
                owners[named.Id] = named;
            }
        }

        var found = new List<NpmSearchResultJson.Item>();
        foreach (var owner in owners.Values)
        {
            for (var page = 1; page * PageSize <= MaxPackagesPerOwner; page++)
            {
                var list = await packages.ListAsync(principal, owner, PackageType.Npm, null, page, PageSize, cancellationToken);
                if (!list.IsOk)
                {
                    break;
                }

                foreach (var view in list.Value!.Items)
                {
                    var name = new NpmPackageName(owner.Login.ToLowerInvariant(), view.Package.Name);
                    if (await MatchAsync(principal, name, registryUrl, words, cancellationToken) is { } item)
                    {
                        found.Add(item);
                    }
                }

                if (list.Value.Items.Count < PageSize)
                {
                    break;
                }
            }
        }

        var ordered = found.OrderBy(i => i.Package.Name, StringComparer.Ordinal).ToList();
        return new NpmSearchResultJson(
            ordered.Skip(Math.Max(0, from)).Take(Math.Clamp(size, 1, 250)).ToArray(), ordered.Count, NpmJson.Time(clock.GetUtcNow().UtcDateTime));
    }

    private async Task<NpmSearchResultJson.Item?> MatchAsync(
        Principal principal, NpmPackageName name, string registryUrl, string[] words, CancellationToken cancellationToken)
    {
        var read = await reader.GetAsync(principal, name, registryUrl, cancellationToken);
        if (!read.IsOk || read.Value!.Latest is not { } latest)
        {
            return null;
        }

        var packument = read.Value;
        var haystack = string.Join(' ', [name.FullName, packument.Description ?? "", .. packument.Keywords]).ToLowerInvariant();
        if (!words.All(w => haystack.Contains(w, StringComparison.Ordinal)))
        {
            return null;
        }

        var person = new NpmSearchResultJson.Person(name.Scope);
        var score = new NpmSearchResultJson.Score(1, new Dictionary<string, double> { ["quality"] = 1, ["popularity"] = 1, ["maintenance"] = 1 });
        return new NpmSearchResultJson.Item(
            new NpmSearchResultJson.PackageInfo(
                name.FullName,
                name.Scope,
                latest.Version,
                packument.Description,
                packument.Keywords,
                NpmJson.Time(packument.Modified),
                new Dictionary<string, string> { ["npm"] = $"{registryUrl}/{name.Escaped}" },
                person,
                [person]),
            score,
            1);
    }
}
