using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Testing.Server;

namespace Wharf.Api.Tests.Packages.Matrix;

/// <summary>
/// One organization set up for one matrix scenario: a repository, a user and token per caller, and the package
/// <c>app</c>. Every caller gets targets of its own for the destructive operations (a version to delete, a deleted
/// version to restore, a package to delete, a deleted package to restore), each with the same access setup as
/// <c>app</c>, so no cell depends on another. The organization enforces SAML SSO; every member token but the
/// SSO-unauthorised one is authorised.
/// </summary>
public sealed class MatrixWorld
{
    public const string PackageName = "app";

    private readonly Dictionary<MatrixCaller, string?> _tokens = [];
    private readonly Dictionary<MatrixCaller, long> _versionsToDelete = [];
    private readonly Dictionary<MatrixCaller, long> _versionsToRestore = [];

    private MatrixWorld(MatrixSubject subject, Visibility visibility)
    {
        Subject = subject;
        Visibility = visibility;
        Callers = MatrixCaller.All.Where(c => c.AppliesTo(subject)).ToArray();
    }

    public MatrixSubject Subject { get; }

    public Visibility Visibility { get; }

    public IReadOnlyList<MatrixCaller> Callers { get; }

    public PackageNamespace Namespace { get; private set; } = null!;

    public string TypeName => Subject == MatrixSubject.Npm ? "npm" : "container";

    private PackageType Type => Subject == MatrixSubject.Npm ? PackageType.Npm : PackageType.Container;

    /// <summary>The version of <c>app</c> the read cells fetch; no cell deletes it.</summary>
    public long KeptVersion { get; private set; }

    /// <summary>The organization owner's token with every scope, for reading back the state the cells left.</summary>
    public string AdminToken { get; private set; } = null!;

    public string? TokenOf(MatrixCaller caller) => _tokens[caller];

    public long VersionToDelete(MatrixCaller caller) => _versionsToDelete[caller];

    public long VersionToRestore(MatrixCaller caller) => _versionsToRestore[caller];

    public static string PackageToDelete(MatrixCaller caller) => $"delete-{Index(caller)}";

    public static string PackageToRestore(MatrixCaller caller) => $"restore-{Index(caller)}";

    public static async Task<MatrixWorld> CreateAsync(WharfTestServer server, MatrixSubject subject, Visibility visibility)
    {
        var world = new MatrixWorld(subject, visibility);
        await world.SetUpAsync(server);
        return world;
    }

    private static int Index(MatrixCaller caller) => MatrixCaller.All.ToList().IndexOf(caller);

    private async Task SetUpAsync(WharfTestServer server)
    {
        var seed = server.Seed;
        var settings = new PackageSettingsSeed(server);
        var founder = await seed.UserAsync();
        var organization = await seed.OrganizationAsync(founder);
        Namespace = PackageNamespace.Organization(organization.Login);

        // npm takes the repository's visibility; a container's own visibility is set opposite to its repository's,
        // so a package that wrongly followed its repository would fail the outsider rows.
        var repositoryVisibility = Subject == MatrixSubject.Npm ? Visibility
            : Visibility == Visibility.Public ? Visibility.Private : Visibility.Public;
        var repository = await seed.RepositoryAsync(organization, repositoryVisibility);
        var grantees = new List<(Account User, PackageRole Role)>();
        MatrixCaller? publisher = null;
        MatrixCaller? administrator = null;
        foreach (var caller in Callers)
        {
            if (caller.Relation == CallerRelation.Anonymous)
            {
                _tokens[caller] = null;
                continue;
            }

            var user = caller.Relation == CallerRelation.OrganizationOwner ? founder : await seed.UserAsync();
            if (caller.IsMember && caller.Relation != CallerRelation.OrganizationOwner)
            {
                await seed.AddMemberAsync(organization, user);
            }

            if (caller.Collaboration != RepositoryPermission.None)
            {
                await seed.CollaboratorAsync(repository, user, caller.Collaboration);
            }

            if (caller.Grant != PackageRole.None)
            {
                grantees.Add((user, caller.Grant));
            }

            var token = await seed.TokenAsync(user, [.. caller.Scopes]);
            if (caller.IsMember && caller.Relation != CallerRelation.SsoUnauthorizedMember)
            {
                await seed.AuthorizeSsoAsync(token, organization);
            }

            _tokens[caller] = token;
            publisher = caller.Relation == CallerRelation.Publisher ? caller : publisher;
            administrator = caller.Relation == CallerRelation.OrganizationOwner && caller.Scopes.Count == 4 ? caller : administrator;
        }

        var publishToken = _tokens[publisher!]!;
        var adminToken = AdminToken = _tokens[administrator!]!;
        var link = Subject == MatrixSubject.GrantedContainer ? null : repository;

        var prepared = new HashSet<string>(StringComparer.Ordinal);

        // Publishes as the publisher; a new package then gets its access setup from its admin: visibility
        // (containers start private) and grants.
        async Task<long> PublishAsync(string name, string version, string[]? tags = null)
        {
            var versionName = Type == PackageType.Container ? ContainerDigest.Of($"{organization.Login}/{name}/{version}") : version;
            var published = await seed.PublishAsync(publishToken, organization, Type, name, versionName, link, tags);
            if (prepared.Add(name))
            {
                if (Type == PackageType.Container && Visibility == Visibility.Public)
                {
                    await settings.MakePublicAsync(adminToken, organization, Type, name);
                }

                foreach (var (user, role) in grantees)
                {
                    await settings.GrantAsync(adminToken, organization, Type, name, user, role);
                }
            }

            return published.Version!.Id;
        }

        KeptVersion = await PublishAsync(PackageName, "1.0.0", ["latest"]);
        foreach (var caller in Callers)
        {
            var index = Index(caller);
            _versionsToDelete[caller] = await PublishAsync(PackageName, $"2.0.{index}");
            _versionsToRestore[caller] = await PublishAsync(PackageName, $"3.0.{index}");
            await settings.DeleteVersionAsync(adminToken, organization, Type, PackageName, _versionsToRestore[caller]);
            await PublishAsync(PackageToDelete(caller), "1.0.0", ["latest"]);
            await PublishAsync(PackageToRestore(caller), "1.0.0", ["latest"]);
            await settings.DeletePackageAsync(adminToken, organization, Type, PackageToRestore(caller));
        }

        await seed.EnforceSsoAsync(organization);
    }
}
