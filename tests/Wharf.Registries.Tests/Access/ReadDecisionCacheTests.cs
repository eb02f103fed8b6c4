using Wharf.Core.Accounts;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Registries.Access;
using Xunit;

namespace Wharf.Registries.Tests.Access;

/// <summary>A cached read decision lives for its lifetime and only while the package row it was made on is unchanged.</summary>
public sealed class ReadDecisionCacheTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Account Owner = new() { Id = 1, Login = "alice" };
    private static readonly Package Row = new() { Id = 7, OwnerId = 1, Name = "app", UpdatedAt = T0, Visibility = Visibility.Private, RepositoryId = 3 };
    private static readonly PackageStamp Same = new(7, T0, false, Visibility.Private, 3, 1, 1, T0);

    [Fact]
    public void A_decision_is_found_within_its_lifetime_for_its_token_and_key_only()
    {
        var cache = new ReadDecisionCache<string>(TimeSpan.FromSeconds(10));
        cache.Remember(42, "alice/app", new ReadDecision(Owner, Row, T0), Same);

        Assert.NotNull(cache.Find(42, "alice/app", T0.AddSeconds(9)));
        Assert.Null(cache.Find(42, "alice/app", T0.AddSeconds(10)));
        Assert.Null(cache.Find(43, "alice/app", T0));
        Assert.Null(cache.Find(42, "alice/other", T0));

        cache.Forget(42, "alice/app");
        Assert.Null(cache.Find(42, "alice/app", T0));
    }

    [Fact]
    public void Any_change_to_the_package_row_ends_a_decision()
    {
        var decision = new ReadDecision(Owner, Row, T0);

        Assert.True(decision.StillHolds(Same));
        Assert.False(decision.StillHolds(Same with { Deleted = true }));
        Assert.False(decision.StillHolds(Same with { UpdatedAt = T0.AddTicks(1) }));
        Assert.False(decision.StillHolds(Same with { Visibility = Visibility.Public }));
        Assert.False(decision.StillHolds(Same with { RepositoryId = null }));
        Assert.False(decision.StillHolds(Same with { PackageId = 8 }));
    }

    [Fact]
    public void A_decision_made_on_an_older_row_than_the_stamp_is_not_kept_and_a_zero_lifetime_keeps_nothing()
    {
        var cache = new ReadDecisionCache<string>(TimeSpan.FromSeconds(10));
        cache.Remember(42, "alice/app", new ReadDecision(Owner, Row, T0), Same with { UpdatedAt = T0.AddSeconds(1) });
        Assert.Null(cache.Find(42, "alice/app", T0));

        var off = new ReadDecisionCache<string>(TimeSpan.Zero);
        off.Remember(42, "alice/app", new ReadDecision(Owner, Row, T0), Same);
        Assert.Null(off.Find(42, "alice/app", T0));
    }
}
