using System.Data;
using Dapper;

namespace Chat.Server.Infrastructure;

/// <summary>
/// Maps PostgreSQL's <c>timestamptz</c> to <see cref="DateTimeOffset"/> in Dapper, both ways, so that row records
/// declare the type the contracts use and no store converts by hand.
/// </summary>
/// <remarks>
/// Npgsql reads <c>timestamptz</c> as a UTC <see cref="DateTime"/>, which Dapper will not put into a
/// <see cref="DateTimeOffset"/> member by itself. When it writes a parameter, Dapper looks in its built-in type map
/// before it looks for a handler, and <see cref="DateTimeOffset"/> is in that map: the type is taken out of it, or the
/// handler's write side would never run. That side sends every value as UTC (Npgsql refuses a non-zero offset for
/// <c>timestamptz</c>, where the offset is not stored anyway) and a null as a typed null, as the built-in map did.
/// </remarks>
public sealed class TimestampTypeHandler : SqlMapper.ITypeHandler
{
    private static readonly Lock Gate = new();
    private static bool registered;

    private TimestampTypeHandler()
    {
    }

    /// <summary>Installs the handler for <see cref="DateTimeOffset"/> and <see cref="Nullable{DateTimeOffset}"/>; once per process, whoever calls first.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
            SqlMapper.AddTypeHandler(typeof(DateTimeOffset), new TimestampTypeHandler());
            registered = true;
        }
    }

    public void SetValue(IDbDataParameter parameter, object value)
    {
        parameter.DbType = DbType.DateTimeOffset;
        parameter.Value = value is DateTimeOffset at ? at.ToUniversalTime() : DBNull.Value;
    }

    public object Parse(Type destinationType, object value) => value switch
    {
        DateTime at => new DateTimeOffset(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at).ToUniversalTime(),
        DateTimeOffset at => at.ToUniversalTime(),
        _ => throw new DataException($"A {value.GetType().Name} column cannot be read as a time stamp."),
    };
}
