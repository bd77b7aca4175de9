using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportingLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ReportOnly",
                table: "ApiKeys",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReportOnly",
                table: "ApiKeys");
        }
    }
}
