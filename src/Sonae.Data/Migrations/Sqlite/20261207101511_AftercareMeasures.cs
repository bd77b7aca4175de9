using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AftercareMeasures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Measures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    OwnerPersonId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CostYen = table.Column<long>(type: "INTEGER", nullable: true),
                    Due = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DroppedReason = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Finding = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    RequestKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Measures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Measures_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Measures_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContractorInstructions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    MeasureId = table.Column<Guid>(type: "TEXT", nullable: true),
                    VendorPartyId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    VendorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Instruction = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EveryMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    Dates = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    AcknowledgedAt = table.Column<string>(type: "TEXT", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractorInstructions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractorInstructions_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ContractorInstructions_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureNotices",
                columns: table => new
                {
                    MeasureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NoticeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureNotices", x => new { x.MeasureId, x.NoticeId });
                    table.ForeignKey(
                        name: "FK_MeasureNotices_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeasureNotices_Notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "Notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureTrainings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MeasureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Attendees = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureTrainings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureTrainings_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InstructionChecks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstructionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CheckedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Complies = table.Column<bool>(type: "INTEGER", nullable: false),
                    Found = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CheckedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ByVendor = table.Column<bool>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstructionChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InstructionChecks_ContractorInstructions_InstructionId",
                        column: x => x.InstructionId,
                        principalTable: "ContractorInstructions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InstructionLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstructionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<string>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstructionLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InstructionLinks_ContractorInstructions_InstructionId",
                        column: x => x.InstructionId,
                        principalTable: "ContractorInstructions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContractorInstructions_MeasureId",
                table: "ContractorInstructions",
                column: "MeasureId");

            migrationBuilder.CreateIndex(
                name: "IX_ContractorInstructions_OrganizationId_Number",
                table: "ContractorInstructions",
                columns: new[] { "OrganizationId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InstructionChecks_InstructionId",
                table: "InstructionChecks",
                column: "InstructionId");

            migrationBuilder.CreateIndex(
                name: "IX_InstructionLinks_InstructionId",
                table: "InstructionLinks",
                column: "InstructionId");

            migrationBuilder.CreateIndex(
                name: "IX_InstructionLinks_SecretHash",
                table: "InstructionLinks",
                column: "SecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeasureNotices_NoticeId",
                table: "MeasureNotices",
                column: "NoticeId");

            migrationBuilder.CreateIndex(
                name: "IX_Measures_IncidentId",
                table: "Measures",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_Measures_OrganizationId_Number",
                table: "Measures",
                columns: new[] { "OrganizationId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Measures_OrganizationId_RequestKey",
                table: "Measures",
                columns: new[] { "OrganizationId", "RequestKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeasureTrainings_MeasureId",
                table: "MeasureTrainings",
                column: "MeasureId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InstructionChecks");

            migrationBuilder.DropTable(
                name: "InstructionLinks");

            migrationBuilder.DropTable(
                name: "MeasureNotices");

            migrationBuilder.DropTable(
                name: "MeasureTrainings");

            migrationBuilder.DropTable(
                name: "ContractorInstructions");

            migrationBuilder.DropTable(
                name: "Measures");
        }
    }
}
