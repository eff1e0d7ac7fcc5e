"""Connected developers: the rule, the error order and the register, with fakes behind the ports."""
