using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Payesh.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewQueueKeysetAndJumps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProgressReports_PlanId_Status",
                table: "ProgressReports");

            migrationBuilder.AddColumn<int>(
                name: "PreviousHundredths",
                table: "ProgressReports",
                type: "integer",
                nullable: true);

            // Waiting reports get the value in force before them (the last report of the action not rejected,
            // by day then arrival), so the queue's jump filters hold for reports that arrived before this column.
            migrationBuilder.Sql(
                "UPDATE \"ProgressReports\" SET \"PreviousHundredths\" = (SELECT p.\"PercentHundredths\" FROM \"ProgressReports\" p " +
                "WHERE p.\"NodeId\" = \"ProgressReports\".\"NodeId\" AND p.\"Status\" <> 'Rejected' " +
                "AND (p.\"ReportDate\" < \"ProgressReports\".\"ReportDate\" OR (p.\"ReportDate\" = \"ProgressReports\".\"ReportDate\" AND p.\"Id\" < \"ProgressReports\".\"Id\")) " +
                "ORDER BY p.\"ReportDate\" DESC, p.\"Id\" DESC LIMIT 1) WHERE \"Status\" = 'Submitted';");

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReports_PlanId_Status_Id",
                table: "ProgressReports",
                columns: new[] { "PlanId", "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProgressReports_PlanId_Status_Id",
                table: "ProgressReports");

            migrationBuilder.DropColumn(
                name: "PreviousHundredths",
                table: "ProgressReports");

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReports_PlanId_Status",
                table: "ProgressReports",
                columns: new[] { "PlanId", "Status" });
        }
    }
}
