using Microsoft.Extensions.Options;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Tokens;
using Xunit;

namespace Wharf.Core.Tests.Access;

/// <summary>The policy as a table: each row is one caller, one package, one action, and GitHub's answer.</summary>
public sealed class AccessPolicyTests
{
    private static readonly AccessPolicy Policy = new(Options.Create(new AccessOptions()));
    private static readonly Account User = new() { Id = 10, Login = "mona", Type = AccountType.User };

    private static Principal Token(params string[] scopes) => Principal.ForToken(User, 1, new ScopeSet(scopes), new HashSet<long>());

    private static PackageAccessFacts Npm(Visibility repository, RepositoryPermission permission = RepositoryPermission.None, OrganizationRole? role = null) => new()
    {
        Type = PackageType.Npm,
        OwnerType = AccountType.Organization,
        RepositoryVisibility = repository,
        CallerRepositoryPermission = permission,
        CallerOrganizationRole = role,
    };

    private static PackageAccessFacts Container(Visibility visibility, PackageRole grant = PackageRole.None, OrganizationRole? role = null) => new()
    {
        Type = PackageType.Container,
        OwnerType = AccountType.Organization,
        PackageVisibility = visibility,
        CallerGrantRole = grant,
        CallerOrganizationRole = role,
    };

    [Fact]
    public void Anonymous_callers_need_a_token_except_for_public_containers()
    {
        Assert.Equal(AccessOutcome.DenyAsUnauthenticated, Policy.Decide(Principal.Anonymous, Npm(Visibility.Public), PackageAction.Read).Outcome);
        Assert.Equal(AccessOutcome.Allow, Policy.Decide(Principal.Anonymous, Container(Visibility.Public), PackageAction.Read).Outcome);
        Assert.Equal(AccessOutcome.DenyAsNotFound, Policy.Decide(Principal.Anonymous, Container(Visibility.Private), PackageAction.Read).Outcome);
        Assert.Equal(AccessOutcome.DenyAsUnauthenticated, Policy.Decide(Principal.Anonymous, Container(Visibility.Public), PackageAction.Write).Outcome);
    }

    [Theory]
    [InlineData(RepositoryPermission.None, PackageAction.Read, AccessOutcome.DenyAsNotFound)]
    [InlineData(RepositoryPermission.Read, PackageAction.Read, AccessOutcome.Allow)]
    [InlineData(RepositoryPermission.Triage, PackageAction.Read, AccessOutcome.Allow)]
    [InlineData(RepositoryPermission.Read, PackageAction.Write, AccessOutcome.DenyAsForbidden)]
    [InlineData(RepositoryPermission.Write, PackageAction.Write, AccessOutcome.Allow)]
    [InlineData(RepositoryPermission.Maintain, PackageAction.Write, AccessOutcome.Allow)]
    [InlineData(RepositoryPermission.Write, PackageAction.Delete, AccessOutcome.DenyAsForbidden)]
    [InlineData(RepositoryPermission.Admin, PackageAction.Delete, AccessOutcome.Allow)]
    [InlineData(RepositoryPermission.Admin, PackageAction.Restore, AccessOutcome.Allow)]
    public void Repository_scoped_packages_take_the_repository_role(RepositoryPermission permission, PackageAction action, AccessOutcome expected)
    {
        var caller = Token(Scope.Repo, Scope.WritePackages, Scope.ReadPackages, Scope.DeletePackages);
        Assert.Equal(expected, Policy.Decide(caller, Npm(Visibility.Private, permission), action).Outcome);
    }

    [Fact]
    public void Without_the_repo_scope_private_repository_packages_do_not_exist_and_public_ones_are_read_only()
    {
        var caller = Token(Scope.WritePackages, Scope.DeletePackages);
        Assert.Equal(AccessOutcome.DenyAsNotFound, Policy.Decide(caller, Npm(Visibility.Private, RepositoryPermission.Admin), PackageAction.Read).Outcome);
        Assert.Equal(AccessOutcome.Allow, Policy.Decide(caller, Npm(Visibility.Public, RepositoryPermission.Admin), PackageAction.Read).Outcome);
        var write = Policy.Decide(caller, Npm(Visibility.Public, RepositoryPermission.Admin), PackageAction.Write);
        Assert.Equal(AccessOutcome.DenyAsForbidden, write.Outcome);
        Assert.Equal("You need at least write:packages and repo scopes to publish to this package.", write.Message);
    }

    [Fact]
    public void Scopes_follow_githubs_implications()
    {
        var facts = Container(Visibility.Private, PackageRole.Admin);
        Assert.Equal(AccessOutcome.Allow, Policy.Decide(Token(Scope.WritePackages), facts, PackageAction.Read).Outcome);
        var delete = Policy.Decide(Token(Scope.DeletePackages), facts, PackageAction.Delete);
        Assert.Equal(AccessOutcome.DenyAsForbidden, delete.Outcome);
        Assert.Equal("You need at least read:packages and delete:packages scopes to delete this package.", delete.Message);
        Assert.Equal(AccessOutcome.Allow, Policy.Decide(Token(Scope.DeletePackages, Scope.ReadPackages), facts, PackageAction.Delete).Outcome);
        Assert.Equal(AccessOutcome.DenyAsForbidden, Policy.Decide(Token(Scope.ReadPackages), facts, PackageAction.Restore).Outcome);
    }

    [Theory]
    [InlineData(PackageRole.Read, PackageAction.Read, AccessOutcome.Allow)]
    [InlineData(PackageRole.Read, PackageAction.Write, AccessOutcome.DenyAsForbidden)]
    [InlineData(PackageRole.Write, PackageAction.Write, AccessOutcome.Allow)]
    [InlineData(PackageRole.Write, PackageAction.Delete, AccessOutcome.DenyAsForbidden)]
    [InlineData(PackageRole.Admin, PackageAction.Delete, AccessOutcome.Allow)]
    [InlineData(PackageRole.None, PackageAction.Read, AccessOutcome.DenyAsNotFound)]
    [InlineData(PackageRole.None, PackageAction.Delete, AccessOutcome.DenyAsNotFound)]
    public void Granular_packages_take_their_grants(PackageRole grant, PackageAction action, AccessOutcome expected)
    {
        var caller = Token(Scope.WritePackages, Scope.ReadPackages, Scope.DeletePackages);
        Assert.Equal(expected, Policy.Decide(caller, Container(Visibility.Private, grant), action).Outcome);
    }

    [Fact]
    public void Organization_owners_administer_granular_packages_and_members_read_internal_ones()
    {
        var caller = Token(Scope.WritePackages, Scope.ReadPackages, Scope.DeletePackages);
        Assert.Equal(AccessOutcome.Allow, Policy.Decide(caller, Container(Visibility.Private, role: OrganizationRole.Admin), PackageAction.Delete).Outcome);
        Assert.Equal(AccessOutcome.DenyAsNotFound, Policy.Decide(caller, Container(Visibility.Private, role: OrganizationRole.Member), PackageAction.Read).Outcome);
        Assert.Equal(AccessOutcome.Allow, Policy.Decide(caller, Container(Visibility.Internal, role: OrganizationRole.Member), PackageAction.Read).Outcome);
        Assert.Equal(AccessOutcome.DenyAsNotFound, Policy.Decide(caller, Container(Visibility.Internal), PackageAction.Read).Outcome);
    }

    [Fact]
    public void Inheritance_maps_repository_roles_only_when_switched_on()
    {
        var caller = Token(Scope.WritePackages);
        var linked = Container(Visibility.Private) with
        {
            RepositoryVisibility = Visibility.Private,
            CallerRepositoryPermission = RepositoryPermission.Maintain,
        };
        Assert.Equal(AccessOutcome.DenyAsNotFound, Policy.Decide(caller, linked, PackageAction.Write).Outcome);
        Assert.Equal(AccessOutcome.Allow, Policy.Decide(caller, linked with { InheritAccess = true }, PackageAction.Write).Outcome);
    }

    [Fact]
    public void An_unauthorised_token_of_an_sso_organization_member_is_refused_before_anything_else()
    {
        var decision = Policy.Decide(Token(Scope.ReadPackages), Container(Visibility.Public) with { SsoBlocked = true }, PackageAction.Read);
        Assert.Equal(AccessOutcome.DenyAsForbidden, decision.Outcome);
        Assert.Equal(PackageDenial.SsoRequired, decision.Reason);
    }

    [Fact]
    public void Creating_a_package_needs_membership_or_repository_write()
    {
        var caller = Token(Scope.WritePackages, Scope.Repo);
        Assert.Equal(AccessOutcome.Allow, Policy.DecideCreate(caller, Container(Visibility.Private, role: OrganizationRole.Member)).Outcome);
        Assert.Equal(AccessOutcome.DenyAsForbidden, Policy.DecideCreate(caller, Container(Visibility.Private)).Outcome);
        Assert.Equal(AccessOutcome.Allow, Policy.DecideCreate(caller, Npm(Visibility.Private, RepositoryPermission.Write)).Outcome);
        Assert.Equal(AccessOutcome.DenyAsForbidden, Policy.DecideCreate(caller, Npm(Visibility.Public, RepositoryPermission.Read)).Outcome);
        Assert.Equal(AccessOutcome.DenyAsNotFound, Policy.DecideCreate(caller, Npm(Visibility.Private)).Outcome);
        Assert.Equal(AccessOutcome.DenyAsForbidden, Policy.DecideCreate(Token(Scope.WritePackages), Npm(Visibility.Private, RepositoryPermission.Admin)).Outcome);
    }

    [Fact]
    public void A_new_package_without_a_repository_the_caller_can_see_is_asked_for_one_only_by_callers_who_could_write_one()
    {
        var caller = Token(Scope.WritePackages, Scope.Repo);
        var unlinked = new PackageAccessFacts { Type = PackageType.Npm, OwnerType = AccountType.User };

        // None named, or one the caller cannot see: the same answers, so they do not tell which private repositories exist.
        foreach (var facts in new[] { unlinked, Npm(Visibility.Private) })
        {
            var writer = Policy.DecideCreate(caller, facts with { CallerBestRepositoryPermission = RepositoryPermission.Write });
            Assert.Equal(AccessOutcome.DenyAsForbidden, writer.Outcome);
            Assert.Equal(PackageDenial.RepositoryRequired, writer.Reason);
            var reader = Policy.DecideCreate(caller, facts with { CallerBestRepositoryPermission = RepositoryPermission.Triage });
            Assert.Equal(AccessOutcome.DenyAsForbidden, reader.Outcome);
            Assert.Equal(PackageDenial.InsufficientRole, reader.Reason);
            Assert.Equal(AccessOutcome.DenyAsNotFound, Policy.DecideCreate(caller, facts).Outcome);
        }

        // Scopes come first, whoever the caller is.
        var scoped = Policy.DecideCreate(Token(Scope.ReadPackages, Scope.Repo), unlinked with { CallerBestRepositoryPermission = RepositoryPermission.Admin });
        Assert.Equal(PackageDenial.MissingScope, scoped.Reason);
        Assert.Equal("You need at least write:packages and repo scopes to publish a package.", scoped.Message);
    }

    [Fact]
    public void Before_the_repository_is_known_a_refusal_is_final_and_an_allowance_is_for_callers_who_can_write_somewhere()
    {
        var caller = Token(Scope.WritePackages, Scope.Repo);
        var unlinked = new PackageAccessFacts { Type = PackageType.Npm, OwnerType = AccountType.Organization };

        Assert.Equal(AccessOutcome.Allow, Policy.DecideCreateBeforeLink(caller, unlinked with { CallerBestRepositoryPermission = RepositoryPermission.Maintain }).Outcome);
        Assert.Equal(AccessOutcome.DenyAsForbidden, Policy.DecideCreateBeforeLink(caller, unlinked with { CallerBestRepositoryPermission = RepositoryPermission.Read }).Outcome);
        Assert.Equal(AccessOutcome.DenyAsNotFound, Policy.DecideCreateBeforeLink(caller, unlinked).Outcome);
        Assert.Equal(PackageDenial.MissingScope, Policy.DecideCreateBeforeLink(Token(Scope.WritePackages), unlinked).Reason);
        Assert.Equal(PackageDenial.SsoRequired, Policy.DecideCreateBeforeLink(caller, unlinked with { SsoBlocked = true }).Reason);

        // Granular packages never depend on the link: the decision is the whole one.
        Assert.Equal(AccessOutcome.Allow, Policy.DecideCreateBeforeLink(caller, Container(Visibility.Private, role: OrganizationRole.Member)).Outcome);
    }

    [Fact]
    public void Npm_nuget_and_rubygems_can_be_switched_to_granular_but_maven_and_docker_cannot()
    {
        var policy = new AccessPolicy(Options.Create(new AccessOptions { Npm = PermissionModel.Granular, NuGet = PermissionModel.Granular }));
        Assert.Equal(PermissionModel.Granular, policy.ModelOf(PackageType.Npm));
        Assert.Equal(PermissionModel.Granular, policy.ModelOf(PackageType.NuGet));
        Assert.Equal(PermissionModel.RepositoryScoped, policy.ModelOf(PackageType.RubyGems));
        Assert.Equal(PermissionModel.RepositoryScoped, policy.ModelOf(PackageType.Maven));
        Assert.Equal(PermissionModel.RepositoryScoped, policy.ModelOf(PackageType.Docker));
        Assert.Equal(PermissionModel.Granular, policy.ModelOf(PackageType.Container));
    }

    [Fact]
    public void Anonymous_reads_open_only_public_packages_of_the_registries_the_setting_names()
    {
        var anonymous = Principal.Anonymous;
        Assert.Equal(AccessOutcome.DenyAsUnauthenticated, Policy.Decide(anonymous, Npm(Visibility.Public), PackageAction.Read).Outcome);
        Assert.Equal(AccessOutcome.Allow, Policy.Decide(anonymous, Container(Visibility.Public), PackageAction.Read).Outcome);

        var open = new AccessPolicy(Options.Create(new AccessOptions { AnonymousReads = " npm , container" }));
        Assert.Equal(AccessOutcome.Allow, open.Decide(anonymous, Npm(Visibility.Public), PackageAction.Read).Outcome);
        Assert.NotEqual(AccessOutcome.Allow, open.Decide(anonymous, Npm(Visibility.Private), PackageAction.Read).Outcome);
        Assert.NotEqual(AccessOutcome.Allow, open.Decide(anonymous, Npm(Visibility.Internal), PackageAction.Read).Outcome);
        Assert.Equal(AccessOutcome.DenyAsUnauthenticated, open.Decide(anonymous, Npm(Visibility.Public), PackageAction.Write).Outcome);
        Assert.False(open.AllowsAnonymousRead(PackageType.Maven));

        var all = new AccessPolicy(Options.Create(new AccessOptions { AnonymousReads = "all" }));
        Assert.True(all.AllowsAnonymousRead(PackageType.Maven));
        Assert.True(all.AllowsAnonymousRead(PackageType.RubyGems));
    }
}
