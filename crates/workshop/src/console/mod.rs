//! The terminal and the processes around the runner: colour (`ui`), raw keys (`terminal`,
//! `keys`), Ctrl-C and hang-up (`signals`), the process groups of everything started
//! (`children`), noticing saves (`filewatch`) and wall-clock times (`clock`).

pub mod children;
pub mod clock;
pub mod filewatch;
pub mod keys;
pub mod signals;
pub mod terminal;
pub mod ui;
