using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ChangedAt",
                table: "ContractorInstructions",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ChangedBy",
                table: "ContractorInstructions",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "EndedAt",
                table: "ContractorInstructions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndedBy",
                table: "ContractorInstructions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "ContractorInstructions",
                type: "INTEGER",
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
