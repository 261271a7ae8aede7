using Chat.Server.Infrastructure;
using Chat.Tests.Infrastructure;
using Dapper;

namespace Chat.Tests.Operations;

/// <summary>
/// The one Dapper type handler for <c>timestamptz</c>: row records declare <see cref="DateTimeOffset"/>, values written
/// with any offset reach PostgreSQL as the same instant, nulls stay typed, and every read comes back in UTC.
/// </summary>
public sealed class DapperTimeMappingTests
{
    private static readonly DateTimeOffset Wita = new(2026, 12, 2, 9, 30, 15, TimeSpan.FromHours(8));

    private sealed record PositionalRow(Guid Id, DateTimeOffset At, DateTimeOffset? Maybe);

    private sealed class PropertyRow
    {
        public required Guid Id { get; init; }
        public required DateTimeOffset At { get; init; }
        public required DateTimeOffset? Maybe { get; init; }
    }

    [Fact]
    public async Task TimestampsRoundTripAsUtcInstantsIncludingOnesWrittenWithAnOffset()
    {
        await using var db = ChatDataSource.Create(TestServices.PostgresOwner);
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TEMP TABLE stamps (id uuid PRIMARY KEY, at timestamptz NOT NULL, maybe timestamptz)");
        var withOffset = Guid.NewGuid();
        var withNull = Guid.NewGuid();
        var precise = Wita.AddTicks(1234560);

        await connection.ExecuteAsync("INSERT INTO stamps (id, at, maybe) VALUES (@Id, @At, @Maybe)", new[]
        {
            new PositionalRow(withOffset, Wita, precise),
            new PositionalRow(withNull, Wita.ToUniversalTime(), null),
        });

        (await connection.ExecuteScalarAsync<bool>("SELECT at = '2026-12-02 01:30:15+00'::timestamptz FROM stamps WHERE id = @withOffset", new { withOffset }))
            .Should().BeTrue("a value written at +08:00 is stored as the same instant, not refused and not shifted");
        var rows = (await connection.QueryAsync<PositionalRow>("SELECT id, at, maybe FROM stamps ORDER BY at, id")).ToDictionary(r => r.Id);
        rows[withOffset].At.Should().Be(Wita);
        rows[withOffset].At.Offset.Should().Be(TimeSpan.Zero, "reads come back in UTC whatever offset was written");
        rows[withOffset].Maybe.Should().Be(precise, "PostgreSQL keeps microseconds and so does the mapping");
        rows[withOffset].Maybe!.Value.Offset.Should().Be(TimeSpan.Zero);
        rows[withNull].Maybe.Should().BeNull();

        var byProperty = await connection.QuerySingleAsync<PropertyRow>("SELECT id, at, maybe FROM stamps WHERE id = @withNull", new { withNull });
        byProperty.At.Should().Be(Wita);
        byProperty.Maybe.Should().BeNull();
        var tuple = await connection.QuerySingleAsync<(DateTimeOffset At, DateTimeOffset? Maybe)>("SELECT at, maybe FROM stamps WHERE id = @withOffset", new { withOffset });
        tuple.Should().Be((Wita, (DateTimeOffset?)precise));
        (await connection.ExecuteScalarAsync<DateTimeOffset?>("SELECT maybe FROM stamps WHERE id = @withNull", new { withNull })).Should().BeNull();
        (await connection.QuerySingleAsync<DateTimeOffset>("SELECT max(at) FROM stamps")).Should().Be(Wita);
    }

    [Fact]
    public async Task TimestampParametersAreTypedEvenWhenNull()
    {
        await using var db = ChatDataSource.Create(TestServices.Postgres);
        await using var connection = await db.OpenConnectionAsync();
        DateTimeOffset? none = null;

        (await connection.ExecuteScalarAsync<string>("SELECT pg_typeof(@none)::text", new { none })).Should().Be("timestamp with time zone");
        (await connection.ExecuteScalarAsync<string>("SELECT pg_typeof(@Wita)::text", new { Wita })).Should().Be("timestamp with time zone");
        (await connection.ExecuteScalarAsync<bool>("SELECT @none IS NULL OR now() > @none", new { none })).Should().BeTrue();
        var parameters = new DynamicParameters();
        parameters.Add("at", Wita);
        (await connection.ExecuteScalarAsync<DateTimeOffset>("SELECT @at", parameters)).Should().Be(Wita);
    }
}
