// Bench part 9's baseline: a bare ASP.NET Core app that answers /health, to time a cold start against.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health", () => Results.Text("ok"));
app.Run();
