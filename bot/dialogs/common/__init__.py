"""What flows share (a flow imports this and no other flow but its `states`): the error texts and the failure
shown in place, common widgets and handlers, the doctor card, declaration texts, dictionary words."""
