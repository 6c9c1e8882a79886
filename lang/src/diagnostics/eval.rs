//! placeholder
/// x
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EvalError {}
