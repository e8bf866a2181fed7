using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace OrleansKombo.Gateway.OperatorConsole;

/// <summary>
/// The operator's console at <c>/console</c>: server-rendered Razor Pages (<c>Gateway/Console/Pages</c>), signed in with
/// one of <c>Gateway:ApiKeys</c> for a session cookie (HttpOnly, SameSite=Strict, Secure when the request is https), every
/// form protected by ASP.NET antiforgery. It reads what the API reads and acts through the same grain calls; its two
/// assets (CSS and a little JS) are embedded in the gateway, so nothing comes from a CDN.
/// </summary>
public static class ConsoleSetup
{
    public const string PathBase = "/console";

    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["console.css"] = "text/css; charset=utf-8",
        ["console.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>
    /// Data Protection's application name: fixed, because ASP.NET's default (the content root path) differs between
    /// gateways installed in different directories, and they must unprotect each other's cookies.
    /// </summary>
    public const string DataProtectionApplication = "OrleansKombo.Gateway";

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        // The cookies' keys live in PostgreSQL, one key ring per Orleans service, so sign-in holds across gateways and restarts.
        builder.Services.AddDataProtection().SetApplicationName(DataProtectionApplication);
        builder.Services.AddSingleton(sp => new PostgresKeyRepository(sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<ILogger<PostgresKeyRepository>>()));
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<PostgresKeyRepository>((o, keys) => o.XmlRepository = keys);
        builder.Services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Console/Pages";
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToPage("/SignIn");
            })
            // The pages are compiled into this assembly; a host whose entry assembly is another (the tests) finds them too.
            .AddApplicationPart(typeof(ConsoleSetup).Assembly);
        builder.Services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "kombo_console";
            o.Cookie.Path = PathBase;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = $"{PathBase}/sign-in";
            o.LogoutPath = $"{PathBase}/sign-out";
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "kombo_console_csrf";
            o.Cookie.Path = PathBase;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
        });
        return builder;
    }

    /// <remarks>Razor Pages validate the antiforgery token of every POST themselves (their automatic filter).</remarks>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapGet($"{PathBase}/assets/{{name}}", (string name) =>
            Assets.TryGetValue(name, out var type) && typeof(ConsoleSetup).Assembly.GetManifestResourceStream($"OrleansKombo.Gateway.Console.Assets.{name}") is { } stream
                ? Results.Stream(stream, type)
                : Results.NotFound()).AllowAnonymous().ExcludeFromDescription(); // the console's own files, not part of the API
        return app;
    }

    /// <summary>The signed-in operator: who they are is only that they hold a key; the key itself is never kept.</summary>
    public static ClaimsPrincipal Operator() =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Scheme));
}
