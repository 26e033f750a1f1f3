//! The integration tests, in one binary (one link instead of one per file): each module
//! holds the tests of one capability, named as its source module is; `common` holds their
//! shared helpers.

mod common;

mod alliance;
mod alliance_institutional;
mod alliance_patronage;
mod alliance_powerplay;
mod alliance_reciprocity;
mod alliance_solvers;
mod bad_input;
mod coalition_least_core;
mod coalition_network;
mod coalition_tu;
mod coalition_voting;
mod commitment;
mod correlated;
mod cross_checks;
mod dominance;
mod dynamics;
mod enumerate;
mod enumerate_exact;
mod exact;
mod exact_results;
mod homotopy;
mod interrupt;
mod lemke_howson;
mod nfg;
mod progress;
mod qre;
mod repeated_contagion;
mod repeated_critical;
mod repeated_feasible;
mod repeated_minmax;
mod repeated_optimal;
mod repeated_payoff_set;
mod repeated_payoff_set_mixed;
mod repeated_spe;
mod repeated_tournament;
mod robust;
mod support_enumeration;
mod sweep;
mod zero_sum;
