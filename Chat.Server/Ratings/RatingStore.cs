using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Ratings;

public enum RateOutcome
{
    Saved,
    NotFound,
    NotClosed,
    AlreadyRated,
}

public sealed class RatingStore(NpgsqlDataSource dataSource)
{
    // One statement: the conversation must be the visitor's own and closed; the primary key makes it once only.
    private const string Insert = """
        INSERT INTO conversation_ratings (conversation_id, visitor_id, score, comment, rated_at)
        SELECT c.id, c.visitor_id, @score, @comment, @ratedAt
        FROM conversations c
        WHERE c.id = @conversationId AND c.visitor_id = @visitorId AND c.status = 'closed'
        ON CONFLICT (conversation_id) DO NOTHING
        RETURNING conversation_id
        """;

    private const string Explain = """
        SELECT c.status AS Status, (r.conversation_id IS NOT NULL) AS Rated
        FROM conversations c
        LEFT JOIN conversation_ratings r ON r.conversation_id = c.id
        WHERE c.id = @conversationId AND c.visitor_id = @visitorId
        """;

    public async Task<RateOutcome> RateAsync(Guid visitorId, Guid conversationId, int score, string? comment, DateTimeOffset ratedAt, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var inserted = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Insert,
            new { conversationId, visitorId, score = (short)score, comment, ratedAt }, cancellationToken: ct));
        if (inserted is not null)
        {
            return RateOutcome.Saved;
        }

        var why = await connection.QuerySingleOrDefaultAsync<(string Status, bool Rated)?>(new CommandDefinition(Explain,
            new { conversationId, visitorId }, cancellationToken: ct));
        return why switch
        {
            null => RateOutcome.NotFound,
            { Rated: true } => RateOutcome.AlreadyRated,
            _ => RateOutcome.NotClosed,
        };
    }
}
