using Payesh.Domain.Obstacles;

namespace Payesh.Web.Data.Model;

/// <summary>A resolution's stored stage; <see cref="ResolutionState"/> adds the day (pending vs binding).</summary>
public enum ResolutionStage { Issued, Objected, ObjectionRejected, AwaitingConfirmation, Done, Withdrawn }
