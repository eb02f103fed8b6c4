using Wharf.Core.Access;

namespace Wharf.Core.Outcomes;

/// <summary>A result or the reason there is none, with a message a user can act on.</summary>
public sealed record Outcome<T>(OutcomeStatus Status, T? Value, string? Message = null, PackageDenial Denial = PackageDenial.None)
{
    public bool IsOk => Status == OutcomeStatus.Ok;

    public static implicit operator Outcome<T>(T value) => new(OutcomeStatus.Ok, value);

    public static Outcome<T> Fail(OutcomeStatus status, string message) => new(status, default, message);

    public static Outcome<T> From(AccessDecision decision) => decision.Outcome switch
    {
        AccessOutcome.DenyAsNotFound => new(OutcomeStatus.NotFound, default, decision.Message, decision.Reason),
        AccessOutcome.DenyAsUnauthenticated => new(OutcomeStatus.Unauthenticated, default, decision.Message, decision.Reason),
        AccessOutcome.DenyAsForbidden => new(OutcomeStatus.Forbidden, default, decision.Message, decision.Reason),
        _ => throw new ArgumentException("An allowed decision is not a failure.", nameof(decision)),
    };

    /// <summary>Carries a failure over to an outcome of another type.</summary>
    public Outcome<TOther> As<TOther>() => new(Status, default, Message, Denial);
}
