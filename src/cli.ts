console.log("qda");
