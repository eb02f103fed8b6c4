using Microsoft.EntityFrameworkCore;
using Wharf.Core.Metadata;
using Wharf.Core.Tokens;

namespace Wharf.Storage.Database;

public sealed class TokenStore(WharfDbContext db) : ITokenStore
{
    public async Task AddAsync(AccessToken token, CancellationToken cancellationToken)
    {
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public Task<AccessToken?> FindByHashAsync(string hash, CancellationToken cancellationToken) =>
        db.AccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);

    public Task<AccessToken?> FindByIdAsync(long id, CancellationToken cancellationToken) =>
        db.AccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    public async Task<IReadOnlyList<AccessToken>> ListForUserAsync(long userId, CancellationToken cancellationToken) =>
        await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlySet<long>> ListSsoAuthorizationsAsync(long tokenId, CancellationToken cancellationToken) =>
        (await db.TokenSsoAuthorizations.Where(a => a.TokenId == tokenId).Select(a => a.OrganizationId).ToListAsync(cancellationToken)).ToHashSet();

    // Authorizing twice keeps the first authorization.
    public Task AuthorizeSsoAsync(long tokenId, long organizationId, DateTime now, CancellationToken cancellationToken) =>
        db.TryInsertAsync(new TokenSsoAuthorization { TokenId = tokenId, OrganizationId = organizationId, CreatedAt = now }, cancellationToken);

    public async Task<bool> RevokeSsoAsync(long tokenId, long organizationId, CancellationToken cancellationToken) =>
        await db.TokenSsoAuthorizations.Where(a => a.TokenId == tokenId && a.OrganizationId == organizationId)
            .ExecuteDeleteAsync(cancellationToken) > 0;

    public Task RecordUseAsync(long tokenId, DateTime usedAt, CancellationToken cancellationToken) =>
        db.AccessTokens.Where(t => t.Id == tokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, usedAt), cancellationToken);

    public async Task<bool> RevokeAsync(long tokenId, DateTime now, CancellationToken cancellationToken) =>
        await db.AccessTokens.Where(t => t.Id == tokenId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken) > 0;

    public Task<int> RevokeAllAsync(long userId, TokenKind kind, DateTime now, CancellationToken cancellationToken) =>
        db.AccessTokens.Where(t => t.UserId == userId && t.Kind == kind && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
}
