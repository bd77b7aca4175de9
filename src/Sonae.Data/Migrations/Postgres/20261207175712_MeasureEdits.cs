using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MeasureEdits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Measures",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ChangedAt",
                table: "ContractorInstructions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "ChangedBy",
                table: "ContractorInstructions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EndedAt",
                table: "ContractorInstructions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndedBy",
                table: "ContractorInstructions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "ContractorInstructions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // An instruction issued before edits existed was last changed when it was issued, by whom issued it.
            migrationBuilder.Sql("UPDATE \"ContractorInstructions\" SET \"ChangedAt\" = \"CreatedAt\", \"ChangedBy\" = \"CreatedBy\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "Measures");

            migrationBuilder.DropColumn(
                name: "ChangedAt",
                table: "ContractorInstructions");

            migrationBuilder.DropColumn(
                name: "ChangedBy",
                table: "ContractorInstructions");

            migrationBuilder.DropColumn(
                name: "EndedAt",
                table: "ContractorInstructions");

            migrationBuilder.DropColumn(
                name: "EndedBy",
                table: "ContractorInstructions");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ContractorInstructions");
        }
    }
}
