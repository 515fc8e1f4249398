using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;
using static Payesh.Web.Tests.Authorization.Expect;

namespace Payesh.Web.Tests.Authorization;

/// <summary>What a request gets: <see cref="Ok"/> (200/201, or the page's own redirect), <see cref="No"/> (pages: 403 or
/// a redirect to /Account/Denied; API: 403), <see cref="In"/> (sign in first: pages redirect to /Account/Login; API: 401) or
/// <see cref="Gone"/> (404: for this user the thing does not exist — a draft plan to anyone but staff) or <see cref="Bad"/>
/// (422: allowed to ask, refused by the rules).</summary>
public enum Expect { Ok, No, In, Gone, Bad }

/// <summary>
/// Who may do what, page by page and endpoint by endpoint, for every role, for the user's own agency's action and
/// another's, and for an anonymous visitor. The rules (product): an agency's users see and report only the actions
/// their agency leads (and see, comment on and attach files to the ones it collaborates on, without reporting
/// percentages); viewers read everything and change nothing; the secretariat does everything but administration;
/// admins everything. Reporting-discipline pages (missing reports) are for staff, viewers and agency managers; the
/// audit trail is for staff.
/// </summary>
public abstract class AccessMatrix(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    public const string Anonymous = "anonymous";

    /// <summary>The columns: the demo users (governor is the Viewer; SMT leads S1 and T1 is TAX's; BMI collaborates on S1).</summary>
    public static readonly string[] Who = [Anonymous, "admin", "secretariat", "governor", "smt.manager", "smt.reporter", "tax.reporter", "bmi.reporter"];

    // In the plan of this test: S1 is led by SMT with BMI collaborating; T1 is led by TAX. {evidence:X} is a file on X's
    // report, {report} a fresh submitted report of S1, {user} smt.reporter's id, {agency} SMT's id.
    public static readonly (string Request, Expect[] Expected)[] Matrix =
    [
        //                                                                 anon admin secr. viewer smt.mgr smt.rep tax.rep bmi(collab. S1)
        Row("GET /Account/Login",                                           Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Account/Denied",                                          Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /Account/Login",                                          Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok), // a wrong password: the form again
        Row("GET /Account/Logout",                                          Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok), // (a session of its own)
        Row("POST /Account/Logout",                                         Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Account/ChangePassword",                                  In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /Account/ChangePassword",                                 In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok), // empty: the form's errors
        Row("GET /Error/404",                                               Gone, Gone, Gone, Gone, Gone,   Gone,   Gone,   Gone), // the Persian page of a status
        Row("POST /Error/404",                                              Gone, Gone, Gone, Gone, Gone,   Gone,   Gone,   Gone),
        Row("GET /healthz",                                                 Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /readyz",                                                  Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /",                                                        In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /?handler=Curve&node=S",                                   In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Agencies/TAX",                                            In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Accountability",                                          In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        // PDF copies of the dashboard and the report (Chromium on the server; without it a Persian 503 page).
        Row("GET /Accountability/Pdf",                                      In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Dashboard/Pdf",                                           In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Export/Plan?plan={plan}",                                 In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Export/League?plan={plan}",                               In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Export/Accountability?plan={plan}",                       In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Export/Reports?plan={plan}",                              In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok), // rows scoped: see below
        Row("GET /Plans",                                                   In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Plans/{plan}",                                            In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Plans/{plan}/Action/{S1}",                                In,  Ok,   Ok,   Ok,    Ok,     Ok,     No,     Ok),
        Row("GET /Plans/{plan}/Action/{T1}",                                In,  Ok,   Ok,   Ok,    No,     No,     Ok,     No),
        Row("POST /Plans/{plan}/Action/{S1}?handler=Comment",               In,  Ok,   Ok,   No,    Ok,     Ok,     No,     Ok),
        Row("POST /Plans/{plan}/Action/{T1}?handler=Comment",               In,  Ok,   Ok,   No,    No,     No,     Ok,     No),
        // Plan authoring (issue 7): the secretariat's; the quality check and baselines of a communicated plan are for all.
        Row("GET /Plans/New",                                               In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/Import",                                            In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/Template.xlsx",                                     In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/{plan}/Export.xlsx",                                In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/{plan}/Edit",                                       In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/{plan}/Edit/Plan",                                  In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/{plan}/Edit/Node/{S1}",                             In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Plans/{plan}/Edit/Node/{S1}",                            In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/{plan}/Approve",                                    In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/{plan}/Copy",                                       In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/{plan}/Update",                                     In,  Ok,   Ok,   No,    No,     No,     No,     No),
        // Writes of plan authoring go to a spare draft of their own ({spare}): approving or closing it touches no other row.
        Row("POST /Plans/New",                                              In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Plans/Import",                                           In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Plans/Import?handler=Status",                             In,  Gone, Gone, No,    No,     No,     No,     No), // no such job
        Row("POST /Plans/{spare}/Edit?handler=Move",                        In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Plans/{spare}/Edit?handler=Remove",                      In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Plans/{fresh}/Edit/Node/{freshS1}?handler=Remove",       In,  Ok,   Ok,   No,    No,     No,     No,     No), // a new draft each time
        Row("POST /Plans/{spare}/Edit/Plan",                                In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Plans/{spare}/Approve",                                  In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Plans/{spare}/Approve?handler=Close",                    In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Plans/{spare}/Copy",                                     In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Plans/{spare}/Update?handler=Preview",                   In,  Ok,   Ok,   No,    No,     No,     No,     No), // no file: the form's error
        Row("POST /Plans/{spare}/Update?handler=Apply",                     In,  Ok,   Ok,   No,    No,     No,     No,     No), // no file: the form's error
        // Delivery-confidence ratings of an axis (issue 12): read by all who see the plan, written by staff only; a draft's
        // axes are not rated (422) and do not exist for anyone else. A form posted empty is refused with its errors (422).
        Row("GET /Plans/{plan}/Confidence/{S}",                             In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /Plans/{plan}/Confidence/{S}",                            In,  Bad,  Bad,  No,    No,     No,     No,     No),
        Row("GET /Plans/{draft}/Confidence/{draftS}",                       In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /api/v1/plans/{plan}/axes/{S}/confidence",                 In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /api/v1/plans/{plan}/axes/{S}/confidence",                In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /api/v1/plans/{draft}/axes/{draftS}/confidence",          In,  Bad,  Bad,  Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Plans/{plan}/Quality",                                    In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Plans/{plan}/Baselines",                                  In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Plans/{plan}/Timeline",                                   In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Brief?plan={plan}",                                       In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        // A draft plan (issue 10 § 2) is the secretariat's: for everyone else it does not exist, on every path.
        Row("GET /Plans/{draft}",                                           In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Plans/{draft}/Action/{draftS1}",                          In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Plans/{draft}/Quality",                                   In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Plans/{draft}/Baselines",                                 In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Plans/{draft}/Timeline",                                  In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Brief?plan={draft}",                                      In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /?plan={draft}",                                           In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Accountability?plan={draft}",                             In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Agencies/SMT?plan={draft}",                               In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Export/Plan?plan={draft}",                                In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /Export/Reports?plan={draft}",                             In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /api/v1/plans/{draft}",                                    In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /api/v1/plans/{draft}/progress",                           In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /api/v1/plans/{draft}/progress/tree",                      In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /api/v1/plans/{draft}/series",                             In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("GET /api/v1/plans/{draft}/agencies",                           In,  Ok,   Ok,   Gone,  Gone,   Gone,   Gone,   Gone),
        Row("POST /api/v1/plans/{draft}/reports for S1",                    In,  Bad,  Bad,  No,    Gone,   Gone,   Gone,   Gone), // staff: not communicated yet
        Row("GET /Evidence/{evidence:S1}",                                  In,  Ok,   Ok,   Ok,    Ok,     Ok,     No,     Ok),
        Row("GET /Evidence/{evidence:T1}",                                  In,  Ok,   Ok,   Ok,    No,     No,     Ok,     No),
        Row("GET /Reports/Today",                                           In,  Ok,   Ok,   No,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Reports/Sheet",                                           In,  Ok,   Ok,   No,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Reports/Sheet?handler=Download",                          In,  Ok,   Ok,   No,    Ok,     Ok,     Ok,     Ok),
        Row("POST /Reports/Sheet",                                          In,  Ok,   Ok,   No,    Ok,     Ok,     Ok,     Ok), // no file: the page's message
        Row("GET /Reports/Review",                                          In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Reports/Today?handler=Row",                              In,  Ok,   Ok,   No,    Ok,     Ok,     Ok,     Ok), // no row: the page's message
        Row("POST /Reports/Review?handler=Verify&id={report}",              In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Reports/Review?handler=Reject&id={report}",              In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Reports/Review?handler=VerifyAll",                       In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Reports/Review?handler=VerifyMatching",                  In,  Ok,   Ok,   No,    No,     No,     No,     No), // no bound confirmed: the page's message
        Row("GET /Reports/Missing",                                         In,  Ok,   Ok,   Ok,    Ok,     No,     No,     No),
        Row("GET /Reports/SignOff",                                         In,  No,   No,   No,    Ok,     No,     No,     No),
        Row("POST /Reports/SignOff?handler=Confirm&id={report}",            In,  No,   No,   No,    Ok,     No,     No,     No), // not awaiting: the row's message
        Row("POST /Reports/SignOff?handler=Return&id={report}",             In,  No,   No,   No,    Ok,     No,     No,     No),
        Row("POST /Reports/Missing?handler=Remind",                         In,  Ok,   Ok,   No,    No,     No,     No,     No),
        // Obstacles (SMT reported {obstacle:SMT}), HQ meetings and resolutions ({resolution} is SMT's).
        Row("GET /Obstacles",                                               In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Obstacles?handler=Export",                                In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Obstacles/Figures",                                       In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Obstacles/New",                                           In,  Ok,   Ok,   No,    Ok,     Ok,     Ok,     Ok),
        Row("POST /Obstacles/New",                                          In,  Ok,   Ok,   No,    Ok,     Ok,     Ok,     Ok), // empty: the form's errors
        Row("POST /Obstacles/New?handler=AddUnit",                          In,  Ok,   Ok,   No,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Obstacles/{obstacle:SMT}",                                In,  Ok,   Ok,   Ok,    Ok,     Ok,     No,     No),
        Row("POST /Obstacles/{obstacle:SMT}?handler=Step",                  In,  Ok,   Ok,   No,    Ok,     Ok,     No,     No),
        Row("GET /Meetings",                                                In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Meetings/New",                                            In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Meetings/New",                                           In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Meetings/{meeting}",                                      In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /Meetings/{meeting}?handler=Item",                        In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Meetings/{meeting}?handler=Minutes",                     In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /Meetings/{meeting}?handler=Resolution",                  In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Meetings/{meeting}/Minutes",                              In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Resolutions",                                             In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Resolutions?handler=Export",                              In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Resolutions/{resolution}",                                In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /Resolutions/{resolution}?handler=Step",                  In,  Ok,   Ok,   No,    Ok,     Ok,     No,     No),
        Row("GET /Notifications",                                           In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /Notifications?handler=ReadAll",                          In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /Admin",                                                   In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Admin/Users",                                             In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Admin/Users/Create",                                      In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Admin/Users/Edit/{user}",                                 In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Admin/Agencies",                                          In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Admin/Agencies/Edit",                                     In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Admin/Agencies/Edit/{agency}",                            In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Admin/Tokens",                                            In,  Ok,   No,   No,    No,     No,     No,     No),
        // Administration writes, posted empty or with a stale stamp: the form's errors, nothing changed.
        Row("POST /Admin/Users/Create",                                     In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Users/Edit/{user}",                                In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Users/Edit/{user}?handler=Active",                 In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Users/Edit/{user}?handler=ResetPassword",          In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Agencies/Edit",                                    In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Agencies/Edit/{agency}?handler=Active",            In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Tokens",                                           In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Tokens?handler=Revoke&id=0",                       In,  Gone, No,   No,    No,     No,     No,     No), // no such token
        Row("POST /Admin/Calendar?handler=Add",                             In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Calendar?handler=Remove",                          In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("POST /Admin/Calendar?handler=Days&plan={spare}",               In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Admin/Calendar",                                          In,  Ok,   No,   No,    No,     No,     No,     No),
        Row("GET /Audit",                                                   In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Audit/Verify",                                            In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /Audit/History?entity=PlanNode&id={S1}",                   In,  Ok,   Ok,   No,    No,     No,     No,     No),
        // API (bearer tokens)
        Row("GET /api/v1/agencies",                                         In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/plans",                                            In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/plans/{plan}",                                     In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/plans/{plan}/progress",                            In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/plans/{plan}/progress/tree",                       In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/plans/{plan}/series",                              In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/plans/{plan}/agencies",                            In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /api/v1/plans",                                           In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /api/v1/plans/{plan}/reports for S1",                     In,  Ok,   Ok,   No,    Ok,     Ok,     No,     No),
        Row("POST /api/v1/plans/{plan}/reports for T1",                     In,  Ok,   Ok,   No,    No,     No,     Ok,     No),
        Row("POST /api/v1/plans/{plan}/reports/batch for S1",               In,  Ok,   Ok,   No,    Ok,     Ok,     No,     No),
        Row("POST /api/v1/plans/{plan}/reports/batch for T1",               In,  Ok,   Ok,   No,    No,     No,     Ok,     No),
        Row("POST /api/v1/reports/{report}/reject",                         In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /api/v1/reports/{report}/verify",                         In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /api/v1/auth/token",                                      Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok), // signs in (needs no token)
        Row("GET /api/openapi/v1.json",                                     Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/docs/v1",                                             Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/docs/scalar.js",                                      Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/docs/scalar.aspnetcore.js",                           Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/docs/favicon.svg",                                    Ok,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/obstacles",                                        In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/obstacles/figures",                                In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/obstacles/{obstacle:SMT}",                         In,  Ok,   Ok,   Ok,    Ok,     Ok,     No,     No),
        Row("POST /api/v1/obstacles for SMT",                               In,  Ok,   Ok,   No,    Ok,     Ok,     No,     No),
        Row("POST /api/v1/obstacles/{obstacle:SMT}/transitions",            In,  Ok,   Ok,   No,    Ok,     Ok,     No,     No),
        Row("GET /api/v1/meetings",                                         In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/meetings/proposed-agenda",                         In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /api/v1/meetings/{meeting}",                               In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /api/v1/meetings",                                        In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("PUT /api/v1/meetings/{meeting}/agenda",                        In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /api/v1/meetings/{meeting}/minutes",                      In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("POST /api/v1/meetings/{meeting}/resolutions",                  In,  Ok,   Ok,   No,    No,     No,     No,     No),
        Row("GET /api/v1/resolutions",                                      In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/resolutions/figures",                              In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("GET /api/v1/resolutions/{resolution}",                         In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
        Row("POST /api/v1/resolutions/{resolution}/transitions",            In,  Ok,   Ok,   No,    Ok,     Ok,     No,     No),
        Row("GET /api/v1/agencies/figures",                                 In,  Ok,   Ok,   Ok,    Ok,     Ok,     Ok,     Ok),
    ];

    private static (string, Expect[]) Row(string request, params Expect[] expected)
    {
        if (expected.Length != Who.Length) throw new ArgumentException($"{request}: {expected.Length} columns, expected {Who.Length}");
        return (request, expected);
    }

    public static TheoryData<string, string, Expect> Cases()
    {
        var data = new TheoryData<string, string, Expect>();
        foreach (var (request, expected) in Matrix)
            for (int i = 0; i < Who.Length; i++) data.Add(request, Who[i], expected[i]);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Request_is_answered_as_the_rules_say(string request, string who, Expect expected)
    {
        var world = await World.OfAsync(App);
        string? before = null;
        var (response, url) = await world.SendAsync(request, who, async () => before = await StateAsync());
        var got = Classify(url, response);
        // A refused write changes nothing.
        if (expected != Ok && request.StartsWith("POST", StringComparison.Ordinal)) Assert.Equal(before, await StateAsync());
        Assert.True(got == expected,
            $"{request} as {who}: expected {expected}, got {got} ({(int)response.StatusCode} {PageForms.RedirectTarget(response)}) for {url}");
        if (expected == Ok)
        {
            var (status, location) = Success(request);
            if (status is null) return; // a form posted empty: its errors (200) or its redirect, both are "allowed"
            Assert.True(response.StatusCode == status, $"{request} as {who}: expected {(int)status}, got {(int)response.StatusCode}");
            if (location is not null) Assert.StartsWith(location, PageForms.RedirectTarget(response));
        }
    }

    /// <summary>How many rows the writes of the matrix could add to or change, and how many audited changes there were.</summary>
    private Task<string> StateAsync() => App.InDbAsync(async db => string.Join(" ",
        await db.Plans.CountAsync(), await db.ProgressReports.CountAsync(), await db.ProgressReports.CountAsync(r => r.Status != ReportStatus.Submitted),
        await db.ReportReviews.CountAsync(), await db.ActionComments.CountAsync(), await db.Evidence.CountAsync(), await db.AxisConfidenceRatings.CountAsync(),
        await db.Notifications.CountAsync(n => n.ReadAt != null),
        // Every change is audited: a refused write leaves no entry (the reminder job's own writes aside).
        await db.AuditEntries.CountAsync(e => e.EntityType != nameof(JobRun) && e.EntityType != nameof(Notification))));

    /// <summary>Every page handler and every endpoint of the app has a row above — no exemptions — so that a new one
    /// cannot be forgotten.</summary>
    [SkippableFact]
    public async Task Every_page_handler_and_endpoint_has_a_row()
    {
        var requests = Matrix.Select(m => m.Request.Split(' ')).Select(p => (Method: p[0], Path: Sample(p[1]), Handler: HandlerOf(p[1]))).ToList();
        bool Covered(string method, string template, string? handler) =>
            requests.Any(r => r.Method == method && TemplateRegex(template).IsMatch(r.Path)
                && string.Equals(r.Handler, handler, StringComparison.OrdinalIgnoreCase));

        var missing = new List<string>();
        var loader = App.Services.GetRequiredService<PageLoader>();
        var pages = App.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>().GroupBy(p => p.ViewEnginePath);
        foreach (var page in pages)
        {
            var compiled = await loader.LoadAsync(page.First(), EndpointMetadataCollection.Empty);
            var templates = page.Select(p => p.AttributeRouteInfo!.Template!).ToList();
            foreach (var handler in compiled.HandlerMethods)
            {
                var method = handler.HttpMethod.ToUpperInvariant();
                if (!templates.Any(t => Covered(method, t, handler.Name)))
                    missing.Add($"page {page.Key} {method}{(handler.Name is null ? "" : " handler " + handler.Name)}");
            }
        }
        var endpoints = App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null && e.Metadata.GetMetadata<HttpMethodMetadata>() is not null);
        foreach (var e in endpoints)
        {
            var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
            foreach (var method in e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Where(m => m != "HEAD"))
                if (!Covered(method, pattern, null)) missing.Add($"{method} {pattern}");
        }
        Assert.True(missing.Count == 0, "no row in the access matrix for: " + string.Join(", ", missing));
    }

    private static string? HandlerOf(string path) =>
        Regex.Match(path, "[?&]handler=([^&]+)") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The Excel export of reports carries notes, justifications and rejection reasons: an agency's users get
    /// only the actions their agency leads or collaborates on, as on the action page; everyone else gets all.</summary>
    [SkippableFact]
    public async Task The_export_of_reports_holds_only_the_actions_the_user_may_see()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App,
            ReportingPlans.WithCollaborators(TestPlans.Small("برنامه آزمون خروجی گزارش‌ها"), TestPlans.SmtAction, "BMI"));
        const string smtNote = "یادداشت محرمانه صنعت";
        const string taxNote = "یادداشت محرمانه مالیات";
        await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/31", percent = 10, note = smtNote });
        await (await App.ApiClientAsync("tax.reporter")).PostReportAsync(plan, new { action = TestPlans.TaxAction, date = "1405/06/31", percent = 10, note = taxNote });

        async Task<string> ExportAsync(string who, string query = "")
        {
            var client = await Browser.SignedInAsync(App, who);
            var answer = await client.GetAsync($"/Export/Reports?plan={plan}{query}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await answer.Content.ReadAsByteArrayAsync()));
            return string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal))
                .Select(e => new StreamReader(e.Open()).ReadToEnd()));
        }

        foreach (var who in new[] { "admin", "secretariat", "governor" })
        {
            var all = await ExportAsync(who);
            Assert.Contains(smtNote, all);
            Assert.Contains(taxNote, all);
        }
        foreach (var who in new[] { "smt.reporter", "smt.manager", "bmi.reporter" })
        {
            var mine = await ExportAsync(who);
            Assert.True(mine.Contains(smtNote, StringComparison.Ordinal), $"{who} should get S1's report");
            Assert.False(mine.Contains(taxNote, StringComparison.Ordinal), $"{who} got TAX's report");
            Assert.DoesNotContain(taxNote, await ExportAsync(who, "&agency=TAX"));
        }
        var tax = await ExportAsync("tax.reporter");
        Assert.Contains(taxNote, tax);
        Assert.DoesNotContain(smtNote, tax);
    }

    private static string Sample(string path) => Regex.Replace(path.Split('?')[0], "\\{[^}]+\\}", "7");

    private static Regex TemplateRegex(string template)
    {
        var pattern = "/" + template.TrimStart('/');
        // Optional parameters may be left out with their slash; any other parameter is one segment.
        pattern = Regex.Replace(Regex.Escape(pattern).Replace("\\{", "{"), "/\\{[^}]*\\?\\}", "(/[^/]+)?");
        pattern = Regex.Replace(pattern, "\\{[^}]*\\}", "[^/]+");
        return new Regex("^" + pattern + "$", RegexOptions.IgnoreCase);
    }

    private static Expect? Classify(string url, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status == 404) return Gone;
        if (status == 422) return Bad;
        // Signing out ends on the sign-in page: that is the allowed answer of /Account/Logout, not a demand to sign in.
        if (url.StartsWith("/Account/Logout", StringComparison.Ordinal) && status == 302) return Ok;
        if (url.StartsWith("/api/", StringComparison.Ordinal))
            return status switch { 401 => In, 403 => No, >= 200 and < 300 => Ok, _ => null };
        var target = PageForms.RedirectTarget(response);
        if (status == 403 || target?.StartsWith("/Account/Denied", StringComparison.Ordinal) == true) return No;
        if (target?.StartsWith("/Account/Login", StringComparison.Ordinal) == true) return In;
        return status is >= 200 and < 400 ? Ok : null;
    }

    /// <summary>What "allowed" looks like for a request: its status and, for a redirect, where it leads.</summary>
    private static (HttpStatusCode? Status, string? Location) Success(string request) => request switch
    {
        "POST /api/v1/plans" or "POST /api/v1/obstacles for SMT" or "POST /api/v1/plans/{plan}/axes/{S}/confidence" or "POST /api/v1/meetings" or "POST /api/v1/meetings/{meeting}/resolutions"
            => (HttpStatusCode.Created, null),
        "GET /Account/Logout" or "POST /Account/Logout" or "GET /api/docs/v1" => (null, null),
        _ when request.StartsWith("POST /api/v1/plans/{plan}/reports for", StringComparison.Ordinal) => (HttpStatusCode.Created, null),
        "GET /Admin" => (HttpStatusCode.Redirect, "/Admin/Users"),
        "POST /Notifications?handler=ReadAll" => (HttpStatusCode.Redirect, "/Notifications"),
        _ when request.Contains("?handler=Comment", StringComparison.Ordinal) => (HttpStatusCode.Redirect, "/Plans/"),
        _ when request.StartsWith("POST /", StringComparison.Ordinal) && !request.StartsWith("POST /api/", StringComparison.Ordinal) => (null, null),
        _ => (HttpStatusCode.OK, null),
    };

    /// <summary>The plan, files and signed-in clients of one app, made once and shared by the rows.</summary>
    private sealed class World
    {
        private static readonly ConditionalWeakTable<PayeshFactory, Task<World>> Worlds = new();

        private readonly PayeshFactory _app;
        private readonly Dictionary<string, HttpClient> _pages = [];
        private readonly Dictionary<string, HttpClient> _api = [];
        private readonly Dictionary<string, string> _values = [];
        private int _percent = 100; // hundredths; every report states a little more than the one before

        private World(PayeshFactory app) => _app = app;

        public static Task<World> OfAsync(PayeshFactory app) => Worlds.GetValue(app, a => CreateAsync(a));

        private static async Task<World> CreateAsync(PayeshFactory app)
        {
            var world = new World(app);
            var (plan, nodes) = await ReportingPlans.CreateAsync(app,
                ReportingPlans.WithCollaborators(TestPlans.Small("برنامه آزمون دسترسی"), TestPlans.SmtAction, "BMI"));
            world._values["plan"] = plan.ToString(CultureInfo.InvariantCulture);
            world._values["S1"] = nodes[TestPlans.SmtAction].ToString(CultureInfo.InvariantCulture);
            world._values["T1"] = nodes[TestPlans.TaxAction].ToString(CultureInfo.InvariantCulture);
            world._values["S"] = nodes["S"].ToString(CultureInfo.InvariantCulture);
            var admin = await app.ApiClientAsync("admin");
            foreach (var code in new[] { TestPlans.SmtAction, TestPlans.TaxAction })
            {
                long report = await admin.PostReportAsync(plan, new { action = code, date = Today, percent = 1 });
                var evidence = new Evidence
                {
                    PlanId = plan,
                    NodeId = nodes[code],
                    ReportId = report,
                    FileName = $"evidence-{code}.pdf",
                    ContentType = "application/pdf",
                    Content = SampleFiles.Pdf,
                    Size = SampleFiles.Pdf.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(SampleFiles.Pdf)),
                    UploadedAt = app.Clock.UtcNow,
                };
                await app.InDbAsync(async db =>
                {
                    db.Evidence.Add(evidence);
                    return await db.SaveChangesAsync();
                });
                world._values["evidence:" + code] = evidence.Id.ToString(CultureInfo.InvariantCulture);
            }
            var (draft, draftNodes) = await ReportingPlans.CreateAsync(app, TestPlans.Small("پیش‌نویس آزمون دسترسی"), approve: false);
            world._values["draft"] = draft.ToString(CultureInfo.InvariantCulture);
            var (spare, spareNodes) = await ReportingPlans.CreateAsync(app, TestPlans.Small("پیش‌نویس یدک آزمون دسترسی"), approve: false);
            world._values["spare"] = spare.ToString(CultureInfo.InvariantCulture);
            world._values["spareS1"] = spareNodes[TestPlans.SmtAction].ToString(CultureInfo.InvariantCulture);
            world._values["draftS1"] = draftNodes[TestPlans.SmtAction].ToString(CultureInfo.InvariantCulture);
            world._values["draftS"] = draftNodes["S"].ToString(CultureInfo.InvariantCulture);
            var obstacle = await (await app.ApiClientAsync("smt.reporter")).PostAsJsonAsync("/api/v1/obstacles",
                new { title = "مانع آزمون دسترسی صنعت", description = "شرح", category = "bank-financing", severity = "high", allowDuplicate = true });
            world._values["obstacle:SMT"] = ((long)(await obstacle.JsonAsync(HttpStatusCode.Created))["id"]!).ToString(CultureInfo.InvariantCulture);
            var meeting = await admin.PostAsJsonAsync("/api/v1/meetings", new { date = Today, agenda = new[] { "بند آزمون دسترسی" } });
            world._values["meeting"] = ((long)(await meeting.JsonAsync(HttpStatusCode.Created))["id"]!).ToString(CultureInfo.InvariantCulture);
            var resolution = await admin.PostAsJsonAsync($"/api/v1/meetings/{world._values["meeting"]}/resolutions",
                new { text = "صنعت پرونده‌ها را ظرف یک ماه تعیین تکلیف کند.", agency = "SMT", deadline = "1405/08/30" });
            world._values["resolution"] = ((long)(await resolution.JsonAsync(HttpStatusCode.Created))["id"]!).ToString(CultureInfo.InvariantCulture);
            world._values["user"] = await app.InDbAsync(db => db.Users.Where(u => u.UserName == "smt.reporter").Select(u => u.Id).SingleAsync());
            world._values["agency"] = (await app.InDbAsync(db => db.Agencies.Where(a => a.Code == "SMT").Select(a => a.Id).SingleAsync())).ToString(CultureInfo.InvariantCulture);
            return world;
        }

        private static string Today => TestClock.DefaultToday.ToString();

        private async Task<HttpClient> PagesAsync(string who) =>
            _pages.TryGetValue(who, out var c) ? c
            : _pages[who] = who == Anonymous ? Browser.Anonymous(_app) : await Browser.SignedInAsync(_app, who);

        private async Task<HttpClient> ApiAsync(string who) =>
            _api.TryGetValue(who, out var c) ? c
            : _api[who] = who == Anonymous ? _app.CreateClient() : await _app.ApiClientAsync(who);

        private async Task<string> ResolveAsync(string path)
        {
            if (path.Contains("{fresh}", StringComparison.Ordinal))
            {
                var (fresh, nodes) = await ReportingPlans.CreateAsync(_app, TestPlans.Small("پیش‌نویس تازه آزمون دسترسی"), approve: false);
                path = path.Replace("{fresh}", fresh.ToString(CultureInfo.InvariantCulture)).Replace("{freshS1}", nodes[TestPlans.SmtAction].ToString(CultureInfo.InvariantCulture));
            }
            if (path.Contains("{report}", StringComparison.Ordinal))
                path = path.Replace("{report}", (await NewReportAsync(TestPlans.SmtAction, "admin")).ToString(CultureInfo.InvariantCulture));
            return Regex.Replace(path, "\\{([^}]+)\\}", m => _values[m.Groups[1].Value]);
        }

        private double NextPercent() => ++_percent / 100.0;

        private async Task<long> NewReportAsync(string action, string by) =>
            await (await ApiAsync(by)).PostReportAsync(long.Parse(_values["plan"], CultureInfo.InvariantCulture), new { action, date = Today, percent = NextPercent() });

        /// <summary>Sends the request as the user; <paramref name="justBefore"/> runs when everything it needs exists.</summary>
        public async Task<(HttpResponseMessage Response, string Url)> SendAsync(string request, string who, Func<Task> justBefore)
        {
            var parts = request.Split(' ');
            var (method, url) = (parts[0], await ResolveAsync(parts[1]));
            bool api = url.StartsWith("/api/", StringComparison.Ordinal) && !url.StartsWith("/api/openapi", StringComparison.Ordinal)
                && !url.StartsWith("/api/docs", StringComparison.Ordinal);
            // Signing out ends a session: those rows get a session of their own.
            var pages = api ? null
                : url.StartsWith("/Account/Logout", StringComparison.Ordinal) && who != Anonymous ? await Browser.SignedInAsync(_app, who)
                : await PagesAsync(who);
            var token = method == "POST" && pages is not null
                ? await PageForms.TokenAsync(pages, who == Anonymous ? "/Account/Login" : "/Account/ChangePassword")
                : null;
            // Signing in (a token is a row) happens before the state is read.
            var apiClient = api ? await ApiAsync(who) : null;
            await justBefore();
            string? action = parts.Length > 3 && parts[2] == "for" ? parts[3] : null;
            if (api)
            {
                var client = apiClient!;
                if (method == "GET") return (await client.GetAsync(url), url);
                object? body = url switch
                {
                    "/api/v1/plans" => TestPlans.Small("برنامه ساخته‌شده در آزمون دسترسی"),
                    "/api/v1/auth/token" => new { username = "governor", password = PayeshFactory.DemoPassword },
                    "/api/v1/obstacles" => new { title = $"مانع ثبت‌شده در آزمون دسترسی ({who})", description = "شرح", category = "bank-financing",
                        severity = "high", agency = action, allowDuplicate = true },
                    _ when url.StartsWith("/api/v1/obstacles/", StringComparison.Ordinal) && url.EndsWith("/transitions", StringComparison.Ordinal)
                        => new { action = "comment", note = $"یادداشت آزمون دسترسی ({who})" },
                    _ when url.StartsWith("/api/v1/resolutions/", StringComparison.Ordinal) => new { action = "follow-up", note = $"پیگیری آزمون دسترسی ({who})" },
                    "/api/v1/meetings" => new { date = Today, agenda = new[] { $"بند آزمون ({who})" } },
                    _ when url.EndsWith("/agenda", StringComparison.Ordinal) => new { items = new[] { "بند آزمون دسترسی" } },
                    _ when url.EndsWith("/minutes", StringComparison.Ordinal) => new { minutes = $"صورتجلسه آزمون ({who})", held = false },
                    _ when url.StartsWith("/api/v1/meetings/", StringComparison.Ordinal) && url.EndsWith("/resolutions", StringComparison.Ordinal)
                        => new { text = $"مصوبه آزمون دسترسی ({who})", agency = "SMT", deadline = "1405/08/30" },
                    _ when url.EndsWith("/reports/batch", StringComparison.Ordinal) =>
                        new { reports = new[] { new { action, date = Today, percent = NextPercent() } } },
                    _ when url.EndsWith("/reports", StringComparison.Ordinal) => new { action, date = Today, percent = NextPercent() },
                    _ when url.EndsWith("/confidence", StringComparison.Ordinal) => new { level = "on-track-with-risk", comment = $"ارزیابی آزمون دسترسی ({who})" },
                    _ when url.EndsWith("/reject", StringComparison.Ordinal) => new { reason = "مستندات پیوست با درصد اعلام‌شده نمی‌خواند." },
                    _ => null,
                };
                if (method == "PUT") return (await client.PutAsJsonAsync(url, body), url);
                return (body switch
                {
                    JsonNode json => await client.PostJsonAsync(url, json),
                    null => await client.PostAsync(url, null),
                    _ => await client.PostAsJsonAsync(url, body),
                }, url);
            }

            if (method == "GET") return (await pages!.GetAsync(url), url);
            if (url.Contains("?handler=Comment", StringComparison.Ordinal))
                return (await PageForms.PostMultipartAsync(pages!, url, token!, [new("CommentText", $"هماهنگی لازم انجام شد ({who})")],
                    "CommentFile", new Upload("sooratjalase.pdf", SampleFiles.Pdf, "application/pdf")), url);
            // Workflow steps that each role may or may not take: the service decides (a refusal is a 403).
            if (url.StartsWith("/Obstacles/", StringComparison.Ordinal) && url.Contains("handler=Step", StringComparison.Ordinal))
                return (await PageForms.PostAsync(pages!, url, token!, [new("Step.Action", "comment"), new("Step.Note", $"یادداشت ({who})")]), url);
            if (url.StartsWith("/Resolutions/", StringComparison.Ordinal) && url.Contains("handler=Step", StringComparison.Ordinal))
                return (await PageForms.PostAsync(pages!, url, token!, [new("Step.Action", "follow-up"), new("Step.Note", $"پیگیری ({who})")]), url);
            return (await PageForms.PostAsync(pages!, url, token!, []), url);
        }
    }
}

public sealed class AccessMatrixOnSqlite(SqliteDemoApp app) : AccessMatrix(() => app), IClassFixture<SqliteDemoApp>;

public sealed class AccessMatrixOnPostgres(PostgresDemoApp app) : AccessMatrix(() => app.Factory), IClassFixture<PostgresDemoApp>;
